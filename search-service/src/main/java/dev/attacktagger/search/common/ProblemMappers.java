package dev.attacktagger.search.common;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.attacktagger.support.JsonFieldPath;

/**
 * Turns every failure into {@code application/problem+json}. A caller's mistake is a 4xx and is logged at DEBUG; an
 * unexpected failure is logged once at ERROR with an id that the response repeats, and no stack trace leaves.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        LOG.debugf("%d for %s: %s", e.status(), uri.getPath(), e.getMessage());
        return respond(new Problem(
                type(e.status()),
                e.title(),
                e.status(),
                e.getMessage(),
                uri.getPath(),
                e.errors().isEmpty() ? null : e.errors(),
                null,
                null));
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        LOG.debugf("invalid query for %s: %s", uri.getPath(), e.getMessage());
        return respond(new Problem(
                type(400),
                "Invalid query",
                400,
                e.getMessage(),
                uri.getPath(),
                List.of(new FieldError(e.field(), e.getMessage())),
                e.position(),
                e.expected()));
    }

    /** Replaces the framework's own answer for a wrongly typed field with a problem that names the field. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        JsonLocation location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String field = "body";
        String problem = e.getOriginalMessage();
        if (e instanceof MismatchedInputException mismatch) {
            if (!mismatch.getPath().isEmpty()) {
                field = JsonFieldPath.of(mismatch);
            } else if (mismatch.getTargetType() != null) {
                // The body as a whole has the wrong shape, such as [] for a search: say what it must be.
                problem = "the body must be a JSON " + shape(mismatch.getTargetType());
            }
        }
        String message = "the JSON body cannot be read" + where + ": " + problem;
        LOG.debugf("malformed JSON for %s: %s", uri.getPath(), message);
        return respond(new Problem(
                type(400),
                "Malformed JSON",
                400,
                message,
                uri.getPath(),
                List.of(new FieldError(field, problem)),
                null,
                null));
    }

    private static String shape(Class<?> type) {
        return type.isArray() || Collection.class.isAssignableFrom(type) ? "array" : "object";
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return respond(new Problem(type(status), title, status, e.getMessage(), uri.getPath(), null, null, null));
    }

    @ServerExceptionMapper
    public Response backend(SearchBackendException e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "error %s: OpenSearch failed for %s: %s", errorId, uri.getPath(), e.getMessage());
        return respond(new Problem(
                type(503),
                "Search backend unavailable",
                503,
                "OpenSearch did not answer as expected; error id " + errorId,
                uri.getPath(),
                null,
                null,
                null));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "error %s: unexpected failure for %s", errorId, uri.getPath());
        return respond(new Problem(
                type(500),
                "Internal Server Error",
                500,
                "An unexpected error occurred; error id " + errorId,
                uri.getPath(),
                null,
                null,
                null));
    }

    private static String type(int status) {
        return "https://attack-tagger.dev/problems/" + status;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
