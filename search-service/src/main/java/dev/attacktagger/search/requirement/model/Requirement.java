package dev.attacktagger.search.requirement.model;

/**
 * A saved intelligence requirement: a named query that every newly indexed report is matched against.
 *
 * @param createdAt an ISO-8601 instant
 */
public record Requirement(String id, String name, String query, String organisation, String createdAt) {}
