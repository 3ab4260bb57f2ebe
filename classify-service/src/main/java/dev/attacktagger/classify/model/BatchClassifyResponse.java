package dev.attacktagger.classify.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.attacktagger.classify.problem.Problem;

/**
 * One result per document, in the order sent.
 *
 * @param model the model that classified them
 * @param results the documents' results
 * @param millis how long the whole call took
 */
@Schema(name = "BatchClassifyResponse")
public record BatchClassifyResponse(ModelRef model, List<Result> results, long millis) {

    /**
     * The result of one document: its classification, or the problem that kept it from being classified.
     *
     * @param index the document's position in the request, from 0
     * @param status 200 for a classified document, else the status the problem carries
     * @param classification present when the document was classified
     * @param problem present when it was not
     */
    @Schema(name = "BatchResult")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int index, int status, ClassifyResponse classification, Problem problem) {}
}
