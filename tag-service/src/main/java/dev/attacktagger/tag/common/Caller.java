package dev.attacktagger.tag.common;

/**
 * Who acts and for which organisation, from the {@code X-User} and {@code X-Organisation} headers.
 *
 * @param organisation the owning organisation, {@code default} when the header is absent
 * @param user who acts, {@code anonymous} when the header is absent
 */
public record Caller(String organisation, String user) {

    public static final String ORGANISATION_HEADER = "X-Organisation";
    public static final String USER_HEADER = "X-User";
    private static final int MAX_LENGTH = 200;

    /** The caller from the raw header values; blank means absent. */
    public static Caller of(String organisation, String user) {
        return new Caller(value(organisation, "default", ORGANISATION_HEADER), value(user, "anonymous", USER_HEADER));
    }

    private static String value(String header, String fallback, String name) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        String value = header.strip();
        if (value.length() > MAX_LENGTH) {
            throw ProblemException.badRequest(name + " must be at most " + MAX_LENGTH + " characters");
        }
        return value;
    }
}
