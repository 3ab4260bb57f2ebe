package dev.attacktagger.classify.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The techniques found in one document.
 *
 * @param techniques sorted by confidence, highest first
 * @param model the model that classified it
 * @param sentences how many sentences were scored
 * @param millis how long classification took, queueing included
 */
@Schema(name = "ClassifyResponse")
public record ClassifyResponse(List<TechniqueResult> techniques, ModelRef model, int sentences, long millis) {

    /**
     * One technique found.
     *
     * @param id for example {@code T1059.001}
     * @param name its name
     * @param tactics its tactics' short names
     * @param confidence in [0, 1]
     * @param evidence the supporting passages, best first
     */
    @Schema(name = "TechniqueResult")
    public record TechniqueResult(
            String id, String name, List<String> tactics, double confidence, List<EvidenceResult> evidence) {}

    /**
     * A passage that supports a technique.
     *
     * @param start offset of its first character in the text sent (UTF-16 code units)
     * @param end offset just past its last character
     * @param text the passage
     * @param score how strongly the passage alone indicates the technique
     */
    @Schema(name = "Evidence")
    public record EvidenceResult(int start, int end, String text, double score) {}
}
