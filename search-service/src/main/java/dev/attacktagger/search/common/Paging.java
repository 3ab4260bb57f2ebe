package dev.attacktagger.search.common;

import java.util.ArrayList;
import java.util.List;

/** Checks a page request against the page size this service allows and the result window OpenSearch allows. */
public final class Paging {

    public static final int MAX_SIZE = 100;
    /** OpenSearch's {@code index.max_result_window}: from + size may not pass it. */
    public static final int MAX_WINDOW = 10_000;

    private Paging() {}

    /** What is wrong with {@code page} (from 0) and {@code size}; empty when nothing is. */
    public static List<FieldError> errors(int page, int size) {
        List<FieldError> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add(new FieldError("size", "must be between 1 and " + MAX_SIZE));
        }
        // In long: (page + 1) * size overflows an int for a page near Integer.MAX_VALUE.
        if (errors.isEmpty() && ((long) page + 1) * size > MAX_WINDOW) {
            errors.add(new FieldError(
                    "page",
                    "(page + 1) * size must be at most " + MAX_WINDOW
                            + ", the most results OpenSearch pages through; narrow the query instead"));
        }
        return errors;
    }
}
