package dev.attacktagger.ingest.jobs.client;

/** A peer service refused the document with a 4xx answer: trying again would not help, the job fails with this. */
public class PeerRejectedException extends Exception {

    private final int status;

    public PeerRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
