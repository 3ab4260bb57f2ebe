package dev.attacktagger.search.common;

/** OpenSearch could not be reached or refused a request this service built: not the caller's mistake. */
public class SearchBackendException extends RuntimeException {

    public SearchBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
