package dev.attacktagger.classify.service;

/** A field of a request does not hold what it must; the caller's mistake (400). */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
