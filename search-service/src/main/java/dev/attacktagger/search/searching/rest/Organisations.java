package dev.attacktagger.search.searching.rest;

import dev.attacktagger.search.common.ProblemException;

/** The {@code X-Organisation} header every service shares; {@code default} when absent. */
public final class Organisations {

    public static final String HEADER = "X-Organisation";
    public static final String DEFAULT = "default";
    /** The longest organisation name, as tag-service allows it. */
    static final int MAX_LENGTH = 200;

    private Organisations() {}

    public static String of(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        String organisation = header.strip();
        if (organisation.length() > MAX_LENGTH) {
            throw ProblemException.invalid(HEADER, "must be at most " + MAX_LENGTH + " characters");
        }
        return organisation;
    }
}
