package dev.attacktagger.ingest.extraction;

import java.time.LocalDate;

/**
 * The publication dates tag-service stores: the years 1900 to 2200. A date outside them is refused at intake or, in a
 * STIX bundle, left out of its report with a warning, rather than accepted and refused by tag-service later.
 */
public final class PublishedDates {

    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2200;

    /** What a caller is told of a date outside the range. */
    public static final String RANGE = "a date in the years " + FIRST_YEAR + " to " + LAST_YEAR;

    private PublishedDates() {}

    /** Whether a date written as {@code yyyy-MM-dd} lies in the years tag-service stores. */
    public static boolean storable(String isoDate) {
        int year = LocalDate.parse(isoDate).getYear();
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }
}
