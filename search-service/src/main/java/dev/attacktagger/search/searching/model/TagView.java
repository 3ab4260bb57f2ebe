package dev.attacktagger.search.searching.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A tag of a report as search results show it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagView(
        String techniqueId, String name, List<String> tactics, Double confidence, String origin, String state) {}
