package dev.attacktagger.ingest.jobs.client;

/**
 * A peer service could not answer now: connection refused, timed out, or a 5xx or 429 answer. The job waits and tries
 * again; nothing is wrong with the document.
 */
public class PeerUnavailableException extends Exception {

    public PeerUnavailableException(String message) {
        super(message);
    }

    public PeerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
