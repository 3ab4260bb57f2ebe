package dev.attacktagger.tag.report.rest;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.attacktagger.tag.common.Caller;
import dev.attacktagger.tag.common.Problem;
import dev.attacktagger.tag.common.ProblemException;
import dev.attacktagger.tag.report.model.NewReport;
import dev.attacktagger.tag.report.model.NewUserTag;
import dev.attacktagger.tag.report.model.SystemTags;
import dev.attacktagger.tag.report.rest.ReportViews.HistoryView;
import dev.attacktagger.tag.report.rest.ReportViews.ReportPageView;
import dev.attacktagger.tag.report.rest.ReportViews.ReportView;
import dev.attacktagger.tag.report.rest.ReportViews.TagView;
import dev.attacktagger.tag.report.service.ReportService;
import dev.attacktagger.tag.report.service.TagService;
import io.smallrye.mutiny.Uni;

/** Reports, their tags and the tags' history. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "reports", description = "Threat reports and their ATT&CK tags")
@APIResponse(
        responseCode = "400",
        description = "Malformed JSON, a field that fails validation or a bad header",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "500",
        description = "An unexpected failure; the detail carries its error id",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ReportResource {

    private static final int MAX_PAGE_SIZE = 100;

    @Inject
    ReportService reports;

    @Inject
    TagService tags;

    @Inject
    ReportViews views;

    @POST
    @Operation(
            summary = "Store a report, optionally with the classifier's proposals",
            description = "The content hash is computed from the text; a report with the same content hash in the same"
                    + " organisation is a conflict that names the existing report, and nothing is stored."
                    + " systemTags, optional, has the body of PUT /api/v1/reports/{id}/system-tags: its proposals are"
                    + " stored in the transaction that creates the report, with a history row each, and the report"
                    + " starts at version 1 either way.")
    @APIResponse(
            responseCode = "201",
            description = "Created: the report with its tags",
            headers = @Header(name = "Location", description = "The new report"),
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(
            responseCode = "409",
            description = "The organisation already has this content; existingId names that report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "The body is larger than quarkus.http.limits.max-body-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "systemTags names technique ids that are malformed, unknown, deprecated or revoked without"
                    + " replacement",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(
            @Valid @NotNull NewReport body,
            @Parameter(description = "Owning organisation") @HeaderParam(Caller.ORGANISATION_HEADER)
                    String organisation,
            @Parameter(description = "Who acts") @HeaderParam(Caller.USER_HEADER) String user) {
        Caller caller = Caller.of(organisation, user);
        return reports.create(caller, body)
                .map(created -> Response.created(URI.create("/api/v1/reports/" + created.report().id))
                        .entity(views.full(created))
                        .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A report with its tags")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such report in the caller's organisation, or the id is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ReportView> get(
            @PathParam("id") String id,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        return reports.get(Caller.of(organisation, user), reportId(id)).map(views::full);
    }

    @GET
    @Operation(
            summary = "List reports, newest first",
            description = "technique: any written form (t1059/001); a parent technique also matches its"
                    + " sub-techniques; a revoked id stands for its replacement; rejected tags never match."
                    + " tactic: short name, TA id or name. since: an ISO date or instant, compared with createdAt.")
    @APIResponse(
            responseCode = "200",
            description = "A page of reports, without their text",
            content = @Content(schema = @Schema(implementation = ReportPageView.class)))
    @APIResponse(
            responseCode = "422",
            description = "An unknown technique or tactic, named in the detail",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ReportPageView> list(
            @QueryParam("technique") String technique,
            @QueryParam("tactic") String tactic,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("since")
                    String since,
            @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("20") String size,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        int pageNumber = number("page", page, 0, 1_000_000);
        int pageSize = number("size", size, 1, MAX_PAGE_SIZE);
        return reports.list(Caller.of(organisation, user), technique, tactic, instant(since), pageNumber, pageSize)
                .map(views::page);
    }

    @PUT
    @Path("/{id}/system-tags")
    @Operation(
            summary = "Replace the classifier's proposals with one model run's",
            description = "Idempotent: the same body twice changes nothing. Rejected techniques stay rejected,"
                    + " confirmed ones stay confirmed, analysts' tags are untouched; proposals missing from the run"
                    + " are removed.")
    @APIResponse(
            responseCode = "200",
            description = "The report with its tags",
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "Technique ids that are malformed, unknown, deprecated or revoked without replacement",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ReportView> replaceSystemTags(
            @PathParam("id") String id,
            @Valid @NotNull SystemTags body,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        UUID reportId = reportId(id);
        return tags.replaceSystemTags(Caller.of(organisation, user), reportId, body)
                .map(outcome -> views.full(outcome.report()));
    }

    @GET
    @Path("/{id}/tags")
    @Operation(summary = "The report's tags, rejected ones included")
    @APIResponse(
            responseCode = "200",
            description = "The tags",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = TagView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<TagView>> listTags(
            @PathParam("id") String id,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        return reports.get(Caller.of(organisation, user), reportId(id))
                .map(report ->
                        report.tags().stream().map(t -> views.tag(t, true)).toList());
    }

    @GET
    @Path("/{id}/tags/{techniqueId}")
    @Operation(summary = "One tag of the report")
    @APIResponse(
            responseCode = "200",
            description = "The tag",
            content = @Content(schema = @Schema(implementation = TagView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such report, or it has no tag on the technique",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "Not a technique id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TagView> getTag(
            @PathParam("id") String id,
            @PathParam("techniqueId") String techniqueId,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        UUID reportId = reportId(id);
        String wanted = tags.canonicalForLookup(techniqueId);
        return reports.get(Caller.of(organisation, user), reportId)
                .map(report -> report.tags().stream()
                        .filter(t -> t.techniqueId.equals(wanted))
                        .findFirst()
                        .map(t -> views.tag(t, true))
                        .orElseThrow(() -> ProblemException.notFound("report " + reportId + " has no tag " + wanted)));
    }

    @POST
    @Path("/{id}/tags")
    @Operation(
            summary = "An analyst tags a technique",
            description = "A new USER tag in state CONFIRMED (201), or the confirmation of the classifier's tag on"
                    + " the same technique (200).")
    @APIResponse(
            responseCode = "201",
            description = "A new tag",
            headers = @Header(name = "Location", description = "The tag"),
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(
            responseCode = "200",
            description = "The technique was already tagged; it is now confirmed",
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "A technique id that is malformed, unknown, deprecated or revoked without replacement",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> addTag(
            @PathParam("id") String id,
            @Valid @NotNull NewUserTag body,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        UUID reportId = reportId(id);
        return tags.addUserTag(Caller.of(organisation, user), reportId, body).map(outcome -> {
            ReportView view = views.full(outcome.report());
            if (!outcome.created()) {
                return Response.ok(view).build();
            }
            String techniqueId = tags.canonicalForLookup(body.techniqueId());
            return Response.created(URI.create("/api/v1/reports/" + reportId + "/tags/" + techniqueId))
                    .entity(view)
                    .build();
        });
    }

    @POST
    @Path("/{id}/tags/{techniqueId}/confirm")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "An analyst confirms a tag", description = "Confirming a confirmed tag changes nothing.")
    @APIResponse(
            responseCode = "200",
            description = "The report with its tags",
            content = @Content(schema = @Schema(implementation = ReportView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such report, or it has no tag on the technique",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "Not a technique id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ReportView> confirm(
            @PathParam("id") String id,
            @PathParam("techniqueId") String techniqueId,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        UUID reportId = reportId(id);
        return tags.confirm(Caller.of(organisation, user), reportId, techniqueId)
                .map(outcome -> views.full(outcome.report()));
    }

    @DELETE
    @Path("/{id}/tags/{techniqueId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "An analyst rejects a tag",
            description = "A classifier's tag stays on the report as REJECTED; an analyst's own tag is removed.")
    @APIResponse(responseCode = "204", description = "Rejected or removed")
    @APIResponse(
            responseCode = "404",
            description = "No such report, or it has no tag on the technique",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "Not a technique id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> reject(
            @PathParam("id") String id,
            @PathParam("techniqueId") String techniqueId,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        UUID reportId = reportId(id);
        return tags.reject(Caller.of(organisation, user), reportId, techniqueId)
                .map(outcome -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every change of the report and its tags, oldest first")
    @APIResponse(
            responseCode = "200",
            description = "The history",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = HistoryView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<HistoryView>> history(
            @PathParam("id") String id,
            @HeaderParam(Caller.ORGANISATION_HEADER) String organisation,
            @HeaderParam(Caller.USER_HEADER) String user) {
        return reports.history(Caller.of(organisation, user), reportId(id))
                .map(rows -> rows.stream().map(views::history).toList());
    }

    /** A malformed id names no report, so it is a 404 like any other unknown id. */
    private static UUID reportId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no report " + id + ": not a report id");
        }
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a number out of range.
        }
        throw new ProblemException(
                400,
                "Bad Request",
                name + " must be a whole number from " + min + " to " + max + ", found '" + value + "'",
                Map.of(),
                List.of(new Problem.FieldError(name, "must be a whole number from " + min + " to " + max)));
    }

    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return since.length() <= 10
                    ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    400,
                    "Bad Request",
                    "since must be an ISO date (2024-05-01) or instant (2024-05-01T00:00:00Z), found '" + since + "'",
                    Map.of(),
                    List.of(new Problem.FieldError("since", "must be an ISO date or instant")));
        }
    }
}
