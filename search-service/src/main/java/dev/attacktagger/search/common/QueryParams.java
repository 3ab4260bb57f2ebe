package dev.attacktagger.search.common;

/**
 * Reads numeric query parameters. They are taken as text and read here because Quarkus REST, as JAX-RS prescribes,
 * answers a query parameter it cannot convert with a bare 404, which names neither the parameter nor the problem.
 */
public final class QueryParams {

    private QueryParams() {}

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when the parameter is absent. */
    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        Long number = parse(value);
        if (number == null || number < min || number > max) {
            throw ProblemException.invalid(
                    name, "must be a whole number from " + min + " to " + max + ", found '" + value + "'");
        }
        return number.intValue();
    }

    /** A whole number of 0 or more, or null when the parameter is absent. */
    public static Long naturalNumber(String name, String value) {
        if (value == null) {
            return null;
        }
        Long number = parse(value);
        if (number == null || number < 0) {
            throw ProblemException.invalid(name, "must be a whole number of 0 or more, found '" + value + "'");
        }
        return number;
    }

    private static Long parse(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
