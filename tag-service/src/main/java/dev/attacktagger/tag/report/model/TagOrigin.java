package dev.attacktagger.tag.report.model;

/** Who put a tag on a report. */
public enum TagOrigin {
    /** The classifier, with the id of its model. */
    SYSTEM,
    /** An analyst. */
    USER
}
