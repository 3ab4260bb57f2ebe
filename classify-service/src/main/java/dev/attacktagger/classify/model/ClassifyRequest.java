package dev.attacktagger.classify.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A document to classify.
 *
 * @param text the text; evidence offsets point into it
 * @param title the document's title; recorded in the debug log, not scored (the model reads the text only)
 * @param threshold one confidence threshold in [0, 1] for every technique instead of the tuned ones
 * @param includeEvidence whether to return the supporting passages; true when absent
 */
@Schema(name = "ClassifyRequest")
public record ClassifyRequest(
        @Schema(required = true, description = "The text to classify, at most classify.max-text-size bytes in UTF-8")
        String text,

        @Schema(description = "The document's title") String title,

        @Schema(
                description = "One threshold for every technique instead of the tuned ones",
                minimum = "0",
                maximum = "1")
        Double threshold,

        @Schema(description = "Whether to return evidence passages", defaultValue = "true")
        Boolean includeEvidence) {}
