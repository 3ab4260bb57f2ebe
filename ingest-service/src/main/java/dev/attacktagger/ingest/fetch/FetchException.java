package dev.attacktagger.ingest.fetch;

/** A URL that was not fetched; the message says why, for a person. */
public class FetchException extends Exception {

    private final Kind kind;

    public FetchException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FetchException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Why. */
    public enum Kind {
        /** Not an http(s) URL, or an address the guard does not allow. */
        REFUSED,
        /** Larger than the limit. */
        TOO_LARGE,
        /** The server could not be reached, took too long, or answered an error. */
        FAILED
    }
}
