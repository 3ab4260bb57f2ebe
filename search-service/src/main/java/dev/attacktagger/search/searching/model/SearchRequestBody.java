package dev.attacktagger.search.searching.model;

/**
 * A search: {@code POST /api/v1/search}.
 *
 * @param query in the query language (docs/query-language.md); blank or absent for every report
 * @param page from 0
 * @param size hits per page, 1 to 100 (default 20)
 * @param sort {@code published:desc} (default), {@code published:asc}, {@code relevance}, {@code
 *     techniqueCount:desc}, {@code techniqueCount:asc}, {@code title:asc} or {@code title:desc}
 */
public record SearchRequestBody(String query, Integer page, Integer size, String sort) {}
