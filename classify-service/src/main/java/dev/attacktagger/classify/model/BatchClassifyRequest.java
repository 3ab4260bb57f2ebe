package dev.attacktagger.classify.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Several documents to classify in one call.
 *
 * @param documents the documents, at most {@code classify.batch.max-documents}
 * @param threshold one confidence threshold for every technique and document instead of the tuned ones
 * @param includeEvidence whether to return the supporting passages; true when absent
 */
@Schema(name = "BatchClassifyRequest")
public record BatchClassifyRequest(
        @Schema(required = true) List<Document> documents,
        @Schema(minimum = "0", maximum = "1") Double threshold,
        @Schema(defaultValue = "true") Boolean includeEvidence) {

    /** One document of a batch. */
    @Schema(name = "BatchDocument")
    public record Document(@Schema(required = true) String text, String title) {}
}
