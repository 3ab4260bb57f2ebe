package dev.attacktagger.search.searching.rest;

/** The {@code X-Organisation} header every service shares; {@code default} when absent. */
public final class Organisations {

    public static final String HEADER = "X-Organisation";
    public static final String DEFAULT = "default";

    private Organisations() {}

    public static String of(String header) {
        return header == null || header.isBlank() ? DEFAULT : header.strip();
    }
}
