package dev.attacktagger.ingest.jobs.model;

/**
 * Where a job is: it moves forward through these and ends in {@link #DONE}, {@link #PARTIAL} or {@link #FAILED}.
 */
public enum JobState {
    QUEUED,
    EXTRACTING,
    CLASSIFYING,
    STORING,
    /** Every report the job made is stored. */
    DONE,
    /** Some of the job's reports (of a STIX bundle) are stored and some failed; each failed one says why. */
    PARTIAL,
    /** No report could be stored. */
    FAILED;

    public boolean isFinal() {
        return this == DONE || this == PARTIAL || this == FAILED;
    }
}
