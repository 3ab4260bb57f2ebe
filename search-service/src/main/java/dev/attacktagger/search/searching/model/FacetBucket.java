package dev.attacktagger.search.searching.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One value of a facet and how many matching reports have it.
 *
 * @param name the display name for techniques and tactics, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FacetBucket(String key, String name, long count) {}
