package dev.attacktagger.search.common;

/**
 * A query that cannot be read, with where it broke: answered as a 400 whose {@code position} is the 0-based offset.
 *
 * @see dev.attacktagger.search.query.QuerySyntaxException
 */
public class InvalidQueryException extends RuntimeException {

    private final String field;
    private final int position;
    private final String expected;

    public InvalidQueryException(String field, int position, String expected, String message) {
        super(message);
        this.field = field;
        this.position = position;
        this.expected = expected;
    }

    /** The request field or parameter that held the query. */
    public String field() {
        return field;
    }

    public int position() {
        return position;
    }

    public String expected() {
        return expected;
    }
}
