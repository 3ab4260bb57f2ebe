package dev.attacktagger.search.searching.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A report in search results: what a list shows, without the text.
 *
 * @param tags the tags that are not rejected
 * @param score the relevance score when the hits are sorted by relevance, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportSummary(
        String id,
        long version,
        String title,
        String source,
        String url,
        String publishedAt,
        int techniqueCount,
        List<TagView> tags,
        Double score) {}
