package dev.attacktagger.tag.attack.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.attacktagger.tag.attack.service.CatalogueService;
import dev.attacktagger.tag.attack.service.CatalogueService.TechniqueView;
import dev.attacktagger.tag.common.Caller;
import dev.attacktagger.tag.common.Problem;
import io.smallrye.mutiny.Uni;

/** The ATT&amp;CK tag catalogue. */
@Path("/api/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tags", description = "The ATT&CK techniques reports can be tagged with")
@APIResponse(
        responseCode = "500",
        description = "An unexpected failure; the detail carries its error id",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TagCatalogueResource {

    @Inject
    CatalogueService service;

    @GET
    @Operation(
            summary = "The active techniques and sub-techniques, with how many of the organisation's reports carry"
                    + " each (rejected tags not counted)")
    @APIResponse(
            responseCode = "200",
            description = "The catalogue, sorted by id",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = TechniqueView.class)))
    @APIResponse(
            responseCode = "422",
            description = "An unknown tactic, named in the detail",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<TechniqueView>> list(
            @QueryParam("tactic") String tactic,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        return service.list(Caller.of(organisation, user), tactic);
    }

    @GET
    @Path("/{techniqueId}")
    @Operation(
            summary = "One technique, by id in any written form",
            description = "A revoked id answers with its replacement.")
    @APIResponse(
            responseCode = "200",
            description = "The technique",
            content = @Content(schema = @Schema(implementation = TechniqueView.class)))
    @APIResponse(
            responseCode = "422",
            description = "Not a technique id, or one this catalogue cannot tag, named in the detail",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TechniqueView> get(
            @PathParam("techniqueId") String techniqueId,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        return service.get(Caller.of(organisation, user), techniqueId);
    }
}
