package dev.attacktagger.ingest.feeds.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.attacktagger.ingest.common.rest.ApiException;
import dev.attacktagger.ingest.common.rest.FieldError;
import dev.attacktagger.ingest.common.rest.Problem;
import dev.attacktagger.ingest.feeds.service.FeedService;
import dev.attacktagger.ingest.fetch.FetchException;
import dev.attacktagger.ingest.fetch.UrlGuard;

@Path("/api/v1/feeds")
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    static final int MIN_INTERVAL = 1;
    static final int MAX_INTERVAL = 7 * 24 * 60;

    private final FeedService feeds;

    FeedResource(FeedService feeds) {
        this.feeds = feeds;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follows an RSS 2.0 or Atom feed: every new item's page is ingested once")
    @APIResponse(responseCode = "201", description = "Created; Location names the feed")
    @APIResponse(
            responseCode = "400",
            description = "Invalid fields, or a URL that may not be fetched",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The organisation follows this URL already; existingId names the feed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "Not JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(
            FeedRequest request, @HeaderParam("X-Organisation") @DefaultValue("default") String organisation) {
        List<FieldError> errors = validate(request);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String name = request.name() == null || request.name().isBlank()
                ? URI.create(request.url().strip()).getHost()
                : request.name().strip();
        int interval = request.intervalMinutes() == null ? 60 : request.intervalMinutes();
        FeedService.Added added;
        try {
            added = feeds.add(organisation, name, request.url().strip(), interval);
        } catch (FetchException e) {
            throw ApiException.invalid(List.of(new FieldError("url", e.getMessage())));
        }
        if (!added.created()) {
            throw new ApiException(
                    409,
                    "Conflict",
                    "this organisation follows " + added.feed().url() + " already, as feed "
                            + added.feed().id(),
                    null,
                    Map.of("existingId", added.feed().id().toString()));
        }
        FeedView view = FeedView.of(added.feed());
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/v1/feeds/" + view.id())
                .entity(view)
                .build();
    }

    @GET
    @Operation(summary = "The feeds the organisation follows")
    @APIResponse(responseCode = "200", description = "The feeds, oldest first")
    public List<FeedView> list(@HeaderParam("X-Organisation") @DefaultValue("default") String organisation) {
        return feeds.list(organisation).stream().map(FeedView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A feed, with when it was last polled and how many items it has had")
    @APIResponse(responseCode = "200", description = "The feed")
    @APIResponse(
            responseCode = "404",
            description = "No such feed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FeedView get(
            @PathParam("id") String id, @HeaderParam("X-Organisation") @DefaultValue("default") String organisation) {
        return feeds.find(parse(id), organisation)
                .map(FeedView::of)
                .orElseThrow(() -> ApiException.notFound("no feed with id " + id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stops following a feed; the reports it brought stay")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(
            responseCode = "404",
            description = "No such feed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(
            @PathParam("id") String id, @HeaderParam("X-Organisation") @DefaultValue("default") String organisation) {
        if (!feeds.delete(parse(id), organisation)) {
            throw ApiException.notFound("no feed with id " + id);
        }
        return Response.noContent().build();
    }

    private static List<FieldError> validate(FeedRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.url() == null || request.url().isBlank()) {
            errors.add(new FieldError("url", "is required"));
        } else {
            try {
                URI uri = new URI(request.url().strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                Optional<String> ambiguous = UrlGuard.ambiguousAddress(uri);
                if (ambiguous.isPresent()) {
                    errors.add(new FieldError("url", ambiguous.get()));
                } else if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    errors.add(new FieldError("url", "must be an absolute http or https URL"));
                }
            } catch (URISyntaxException e) {
                errors.add(new FieldError("url", "is not a URL: " + e.getReason()));
            }
        }
        if (request != null
                && request.intervalMinutes() != null
                && (request.intervalMinutes() < MIN_INTERVAL || request.intervalMinutes() > MAX_INTERVAL)) {
            errors.add(new FieldError(
                    "intervalMinutes", "must be between " + MIN_INTERVAL + " and " + MAX_INTERVAL + " minutes"));
        }
        if (request != null && request.name() != null && request.name().indexOf('\0') >= 0) {
            // PostgreSQL refuses NUL in text.
            errors.add(new FieldError("name", "must not contain NUL characters (\\u0000)"));
        } else if (request != null && request.name() != null && request.name().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        return errors;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no feed with id " + id);
        }
    }
}
