package dev.attacktagger.search.requirement.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A report that matched a requirement.
 *
 * @param matchedAt when the match was recorded (an ISO-8601 instant)
 * @param reportVersion the version of the report that matched
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequirementMatch(
        String requirementId,
        String reportId,
        String organisation,
        String title,
        String source,
        String publishedAt,
        String matchedAt,
        long reportVersion) {}
