package dev.attacktagger.classify.batching;

/** The batching queue holds as many sentences as it may: the caller should come back later. */
public class QueueFullException extends RuntimeException {

    private final int queued;
    private final int capacity;
    private final int requested;

    public QueueFullException(int queued, int capacity, int requested) {
        super("the encoder queue holds " + queued + " of at most " + capacity + " sentences and cannot take "
                + requested + " more");
        this.queued = queued;
        this.capacity = capacity;
        this.requested = requested;
    }

    public int queued() {
        return queued;
    }

    public int capacity() {
        return capacity;
    }

    public int requested() {
        return requested;
    }
}
