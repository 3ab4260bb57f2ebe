package dev.attacktagger.ingest.jobs.model;

/** Where a job is: it moves forward through these and ends in {@link #DONE} or {@link #FAILED}. */
public enum JobState {
    QUEUED,
    EXTRACTING,
    CLASSIFYING,
    STORING,
    DONE,
    FAILED;

    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
