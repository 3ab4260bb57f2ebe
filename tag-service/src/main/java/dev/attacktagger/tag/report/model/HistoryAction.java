package dev.attacktagger.tag.report.model;

/** The kinds of change a history row records. */
public enum HistoryAction {
    REPORT_CREATED,
    /** The classifier proposed a technique. */
    TAG_PROPOSED,
    /** A new model run changed a proposal's confidence, evidence or model. */
    TAG_UPDATED,
    /** An analyst added a technique. */
    TAG_ADDED,
    TAG_CONFIRMED,
    TAG_REJECTED,
    /** A tag left the report: a proposal missing from a new model run, or an analyst's own tag taken back. */
    TAG_REMOVED,
    /** An ATT&amp;CK upgrade moved a tag from a revoked technique to its replacement. */
    TAG_MOVED,
    /** An ATT&amp;CK upgrade found the replacement already tagged and folded the revoked technique's tag into it. */
    TAG_MERGED,
    /** An ATT&amp;CK upgrade changed the technique's standing: deprecated, revoked without replacement, or active. */
    TAG_FLAGGED,
    /** An ATT&amp;CK upgrade changed the technique's name, tactics or parent. */
    TECHNIQUE_CHANGED
}
