package dev.attacktagger.ingest.jobs.model;

/** What a job starts from. */
public enum JobKind {
    /** Uploaded bytes of a file. */
    FILE,
    /** Plain text posted as JSON. */
    TEXT,
    /** A web page to fetch, posted as JSON or found in a feed. */
    URL
}
