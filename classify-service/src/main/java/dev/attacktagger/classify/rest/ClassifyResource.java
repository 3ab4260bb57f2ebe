package dev.attacktagger.classify.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.attacktagger.classifier.Classification;
import dev.attacktagger.classify.model.BatchClassifyRequest;
import dev.attacktagger.classify.model.BatchClassifyResponse;
import dev.attacktagger.classify.model.ClassifyRequest;
import dev.attacktagger.classify.model.ClassifyResponse;
import dev.attacktagger.classify.model.ModelRef;
import dev.attacktagger.classify.problem.Problem;
import dev.attacktagger.classify.service.ClassificationService;
import dev.attacktagger.classify.service.ClassifyConfig;
import dev.attacktagger.classify.service.InvalidInputException;

/** Classifies documents: one per call as JSON or plain text, or several per call. */
@Path("/api/v1/classify")
@Tag(name = "classify", description = "ATT&CK techniques in a text")
public class ClassifyResource {

    private final ClassificationService service;
    private final ClassifyConfig config;

    public ClassifyResource(ClassificationService service, ClassifyConfig config) {
        this.service = service;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Classify one document sent as JSON")
    @APIResponse(
            responseCode = "200",
            description = "The techniques found",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClassifyResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "Empty text, threshold outside [0, 1], a field of the wrong type, or malformed JSON (the"
                    + " detail says at which line and column)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "The text is over classify.max-text-size, or the body over the HTTP body limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is neither application/json nor text/plain",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "The model is still loading, or the batching queue is full; Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "500",
            description = "An unexpected failure; the detail carries the error id that the log repeats",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ClassifyResponse classify(ClassifyRequest request) {
        if (request == null) {
            throw new InvalidInputException("text", "must not be empty");
        }
        ClassificationService.Parameters parameters = new ClassificationService.Parameters(
                request.threshold(), !Boolean.FALSE.equals(request.includeEvidence()));
        Classification classification = service.classify(request.text(), request.title(), parameters);
        return ResponseMapping.response(classification, ResponseMapping.modelRef(service.card()));
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Classify one document sent as plain text; options come as query parameters")
    @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(implementation = String.class)))
    @APIResponse(
            responseCode = "200",
            description = "The techniques found",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClassifyResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "Empty text, or a threshold that is not a number in [0, 1]",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "The text is over classify.max-text-size, or the body over the HTTP body limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is neither application/json nor text/plain",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "The model is still loading, or the batching queue is full; Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "500",
            description = "An unexpected failure; the detail carries the error id that the log repeats",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ClassifyResponse classifyText(
            String text,
            @Parameter(description = "One threshold in [0, 1] for every technique instead of the tuned ones")
                    @QueryParam("threshold")
                    String threshold,
            @Parameter(description = "Whether to return evidence passages (default true)")
                    @QueryParam("includeEvidence")
                    String includeEvidence,
            @Parameter(description = "The document's title") @QueryParam("title") String title) {
        ClassificationService.Parameters parameters =
                new ClassificationService.Parameters(parseThreshold(threshold), parseFlag(includeEvidence));
        Classification classification = service.classify(text, title, parameters);
        return ResponseMapping.response(classification, ResponseMapping.modelRef(service.card()));
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Classify several documents in one call",
            description = "One result per document, in the order sent. A document that cannot be classified (empty,"
                    + " too long, no room in the queue) is answered in its own slot with a problem and its status;"
                    + " the others are classified. More documents than classify.batch.max-documents is answered 413"
                    + " as a whole.")
    @APIResponse(
            responseCode = "200",
            description = "One result per document",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchClassifyResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "No documents, threshold outside [0, 1], a field of the wrong type, or malformed JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "More documents than classify.batch.max-documents, or the body over the HTTP body limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "The model is still loading; Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "500",
            description = "An unexpected failure; the detail carries the error id that the log repeats",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public BatchClassifyResponse classifyBatch(BatchClassifyRequest request, UriInfo uri) {
        long started = System.nanoTime();
        if (request == null || request.documents() == null) {
            throw new InvalidInputException("documents", "must hold at least one document");
        }
        List<String> texts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (BatchClassifyRequest.Document document : request.documents()) {
            texts.add(document == null ? null : document.text());
            titles.add(document == null ? null : document.title());
        }
        ClassificationService.Parameters parameters = new ClassificationService.Parameters(
                request.threshold(), !Boolean.FALSE.equals(request.includeEvidence()));
        List<ClassificationService.Outcome> outcomes = service.classifyAll(texts, titles, parameters);
        ModelRef model = ResponseMapping.modelRef(service.card());
        List<BatchClassifyResponse.Result> results = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            ClassificationService.Outcome outcome = outcomes.get(i);
            if (outcome.failure() == null) {
                results.add(new BatchClassifyResponse.Result(
                        i, 200, ResponseMapping.response(outcome.classification(), model), null));
            } else {
                String path = "/" + uri.getPath().replaceFirst("^/", "") + "#/documents/" + i;
                Problem problem = Problems.of(
                                outcome.failure(), path, config.batching().retryAfterSeconds())
                        .problem();
                results.add(new BatchClassifyResponse.Result(i, problem.status(), null, problem));
            }
        }
        return new BatchClassifyResponse(model, results, (System.nanoTime() - started) / 1_000_000);
    }

    private static Double parseThreshold(String threshold) {
        if (threshold == null || threshold.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(threshold.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("threshold", "must be a number between 0 and 1, found " + threshold);
        }
    }

    private static boolean parseFlag(String flag) {
        if (flag == null || flag.isBlank() || flag.equalsIgnoreCase("true")) {
            return true;
        }
        if (flag.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidInputException("includeEvidence", "must be true or false, found " + flag);
    }
}
