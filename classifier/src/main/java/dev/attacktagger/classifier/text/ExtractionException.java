package dev.attacktagger.classifier.text;

/**
 * A document whose text cannot be extracted: empty, no text layer, encrypted, not a supported format, or over a limit.
 * The message is meant for a person: it says what is wrong with the file.
 */
public class ExtractionException extends Exception {

    private final Reason reason;

    public ExtractionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ExtractionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Why extraction failed, for callers that map it to a status. */
    public enum Reason {
        EMPTY,
        NO_TEXT,
        ENCRYPTED,
        UNSUPPORTED_FORMAT,
        TOO_LARGE,
        CORRUPT
    }
}
