package dev.attacktagger.classify.batching;

/** Told about every shared encoder run, for metrics. Called on the batching thread: keep it cheap. */
@FunctionalInterface
public interface BatchObserver {

    BatchObserver NONE = (sentences, callers, nanos) -> {};

    /**
     * @param sentences how many sentences the run encoded
     * @param callers how many distinct callers' sentences were in it
     * @param nanos how long the run took
     */
    void batchRan(int sentences, int callers, long nanos);
}
