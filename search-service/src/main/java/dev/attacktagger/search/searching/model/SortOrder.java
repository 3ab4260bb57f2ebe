package dev.attacktagger.search.searching.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The orders a search can return its hits in. */
public enum SortOrder {
    PUBLISHED_DESC("published:desc"),
    PUBLISHED_ASC("published:asc"),
    RELEVANCE("relevance"),
    TECHNIQUE_COUNT_DESC("techniqueCount:desc"),
    TECHNIQUE_COUNT_ASC("techniqueCount:asc"),
    TITLE_ASC("title:asc"),
    TITLE_DESC("title:desc");

    private final String written;

    SortOrder(String written) {
        this.written = written;
    }

    public String written() {
        return written;
    }

    public static Optional<SortOrder> parse(String written) {
        return Arrays.stream(values())
                .filter(order -> order.written.equalsIgnoreCase(written.strip()))
                .findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(SortOrder::written).collect(Collectors.joining(", "));
    }
}
