package dev.attacktagger.tag.attack.rest;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.attacktagger.tag.attack.service.CatalogueLoader;
import dev.attacktagger.tag.attack.service.UpgradeSummary;
import dev.attacktagger.tag.common.Caller;
import dev.attacktagger.tag.common.Problem;
import io.smallrye.mutiny.Uni;

/**
 * Loads a newer ATT&amp;CK release. The bundle path is read on the server, so this endpoint belongs to operators:
 * whether it needs its own authorisation is open until the services get authentication at all.
 */
@Path("/api/v1/admin/attack-upgrades")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operations on the ATT&CK catalogue")
public class AttackUpgradeResource {

    @Inject
    CatalogueLoader loader;

    /** The body: where the STIX bundle is on the server. */
    public record UpgradeRequest(@NotBlank String bundlePath) {}

    @POST
    @Operation(
            summary = "Upgrade the catalogue and every tag to an ATT&CK release",
            description = "Tags on revoked techniques move to their replacements, tags on deprecated ones are flagged,"
                    + " new techniques join the catalogue; every changed report gets a new version and reaches search."
                    + " Loading the catalogue's own release again changes nothing.")
    @APIResponse(
            responseCode = "200",
            description = "What changed",
            content = @Content(schema = @Schema(implementation = UpgradeSummary.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON or no bundlePath",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The catalogue holds a newer release than the bundle",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "The file is missing or not an ATT&CK bundle",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "500",
            description = "An unexpected failure; the detail carries its error id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<UpgradeSummary> upgrade(
            @Valid @NotNull UpgradeRequest body,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        return loader.upgradeFrom(
                body.bundlePath(), Caller.of(organisation, user).user());
    }
}
