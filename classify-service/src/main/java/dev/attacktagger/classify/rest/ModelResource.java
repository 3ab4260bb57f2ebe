package dev.attacktagger.classify.rest;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classify.model.ModelCardResponse;
import dev.attacktagger.classify.model.TechniqueCard;
import dev.attacktagger.classify.model.TechniqueList;
import dev.attacktagger.classify.problem.Problem;
import dev.attacktagger.classify.service.ClassificationService;
import dev.attacktagger.classify.service.InvalidInputException;

/** The loaded model's card and the techniques it proposes. */
@Path("/api/v1")
@Tag(name = "model", description = "The loaded model")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ClassificationService service;

    public ModelResource(ClassificationService service) {
        this.service = service;
    }

    @GET
    @Path("/model")
    @Operation(summary = "The model card: ids, ATT&CK version, encoder, execution provider, every technique")
    @APIResponse(
            responseCode = "200",
            description = "The model card",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(
            responseCode = "503",
            description = "The model is still loading; Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "500",
            description = "An unexpected failure; the detail carries the error id that the log repeats",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ModelCardResponse model() {
        ModelCard card = service.card();
        List<TechniqueCard> techniques =
                card.techniques().stream().map(ResponseMapping::technique).toList();
        long released = card.releasedCount();
        return new ModelCardResponse(
                card.id(),
                card.attackVersion(),
                card.encoder(),
                service.executionProvider(),
                released,
                card.techniques().size() - released,
                techniques,
                card.validation());
    }

    @GET
    @Path("/techniques")
    @Operation(summary = "The techniques the model proposes, optionally only those of one tactic")
    @APIResponse(
            responseCode = "200",
            description = "The released techniques, sorted by id",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TechniqueList.class)))
    @APIResponse(
            responseCode = "400",
            description = "The tactic is not one the model knows",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "The model is still loading; Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "500",
            description = "An unexpected failure; the detail carries the error id that the log repeats",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TechniqueList techniques(
            @Parameter(description = "A tactic's short name, for example execution or credential-access")
                    @QueryParam("tactic")
                    String tactic) {
        ModelCard card = service.card();
        String wanted =
                tactic == null || tactic.isBlank() ? null : tactic.strip().toLowerCase(Locale.ROOT);
        if (wanted != null) {
            Set<String> known = new TreeSet<>();
            card.techniques().forEach(t -> known.addAll(t.tactics() == null ? List.of() : t.tactics()));
            if (!known.contains(wanted)) {
                throw new InvalidInputException(
                        "tactic", "must be one of " + String.join(", ", known) + ", found " + tactic);
            }
        }
        List<TechniqueCard> released = card.techniques().stream()
                .filter(ModelCard.TechniqueEntry::released)
                .filter(t ->
                        wanted == null || (t.tactics() != null && t.tactics().contains(wanted)))
                .map(ResponseMapping::technique)
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
        return new TechniqueList(released, released.size());
    }
}
