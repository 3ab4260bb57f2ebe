package dev.attacktagger.search.report.model;

import java.util.List;

/**
 * What indexing one report did.
 *
 * @param id the report
 * @param version the version now in the index
 * @param outcome what happened
 * @param matchedRequirements the intelligence requirements the report matches (empty when it was not written)
 */
public record IndexResult(String id, long version, Outcome outcome, List<String> matchedRequirements) {

    /** What happened to the report. */
    public enum Outcome {
        /** It was new. */
        CREATED,
        /** It replaced an older version. */
        UPDATED,
        /** The same version was already indexed: a repeated delivery, nothing changed. */
        UNCHANGED,
        /** A newer version is indexed; this one was dropped. */
        STALE
    }
}
