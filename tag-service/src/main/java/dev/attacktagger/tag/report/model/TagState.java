package dev.attacktagger.tag.report.model;

/** What an analyst decided about a tag. */
public enum TagState {
    /** Proposed by the classifier, not reviewed. */
    PROPOSED,
    /** Confirmed by an analyst, or added by one. */
    CONFIRMED,
    /** Rejected by an analyst; kept so that the classifier cannot propose it again. */
    REJECTED
}
