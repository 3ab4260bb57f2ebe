package dev.attacktagger.search.searching.model;

import java.util.List;

/**
 * Counts over all matching reports, not only the page.
 *
 * @param techniques the most frequent techniques (up to 50)
 * @param tactics every tactic present
 * @param sources the most frequent sources (up to 20)
 * @param months reports per month of publication ({@code 2024-05}), oldest first
 */
public record Facets(
        List<FacetBucket> techniques, List<FacetBucket> tactics, List<FacetBucket> sources, List<FacetBucket> months) {}
