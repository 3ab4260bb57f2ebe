package dev.attacktagger.classify.service;

/** A text, or a batch, is larger than this service takes in one call (413). */
public class TooLargeException extends RuntimeException {

    public TooLargeException(String message) {
        super(message);
    }
}
