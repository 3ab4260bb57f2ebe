package dev.attacktagger.search.searching.model;

import java.util.List;

/**
 * One page of a search.
 *
 * @param total how many reports match
 * @param took milliseconds OpenSearch spent
 */
public record SearchResult(
        String query,
        long total,
        int page,
        int size,
        String sort,
        List<ReportSummary> hits,
        Facets facets,
        long took) {}
