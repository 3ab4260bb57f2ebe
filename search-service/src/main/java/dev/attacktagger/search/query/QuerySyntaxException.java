package dev.attacktagger.search.query;

/**
 * A query that cannot be read: where it broke (a 0-based offset in UTF-16 code units, as Java strings count) and what
 * was expected there.
 */
public final class QuerySyntaxException extends RuntimeException {

    private final int offset;
    private final String expected;

    public QuerySyntaxException(int offset, String expected, String message) {
        super(message);
        this.offset = offset;
        this.expected = expected;
    }

    /** Where the problem starts, counted from 0. */
    public int offset() {
        return offset;
    }

    /** What would have been valid at {@link #offset()}, in words. */
    public String expected() {
        return expected;
    }
}
