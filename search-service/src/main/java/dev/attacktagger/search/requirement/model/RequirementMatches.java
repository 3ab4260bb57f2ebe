package dev.attacktagger.search.requirement.model;

import java.util.List;

/** One page of a requirement's matches, newest first. */
public record RequirementMatches(
        String requirementId, long total, int page, int size, List<RequirementMatch> matches) {}
