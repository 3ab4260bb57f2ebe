package dev.attacktagger.classifier;

/**
 * How to classify one document.
 *
 * @param threshold one confidence threshold for every technique, overriding the tuned per-technique thresholds; null
 *     to use the tuned ones
 * @param allScores list every technique with its raw score, released or not, ignoring thresholds (for evaluation)
 * @param includeEvidence whether to return the supporting passages
 */
public record ClassifyOptions(Double threshold, boolean allScores, boolean includeEvidence) {

    /** Tuned thresholds, released techniques only, with evidence. */
    public static final ClassifyOptions DEFAULT = new ClassifyOptions(null, false, true);
}
