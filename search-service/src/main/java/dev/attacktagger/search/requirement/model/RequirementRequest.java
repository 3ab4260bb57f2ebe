package dev.attacktagger.search.requirement.model;

/** The body of {@code POST /api/v1/requirements}. */
public record RequirementRequest(String name, String query) {}
