package dev.attacktagger.ingest.common.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.attacktagger.support.JsonFieldPath;

/**
 * Every error as {@code application/problem+json}. A caller's mistake is a 4xx that says what was wrong; anything else
 * is a 500 logged once at ERROR with an error id that the answer repeats, and no stack trace leaves the service.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** The product's problem types: one per status, as the architecture document lists them. */
    static final String TYPE_BASE = "https://attack-tagger.dev/problems/";

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(new Problem(
                type(e.status()), e.title(), e.status(), e.getMessage(), path(uri), e.errors(), e.extensions()));
    }

    /** Replaces the framework's own answer for a wrongly typed field with a problem that names the field. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        JsonLocation location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = JsonFieldPath.of(mapping);
            String message = firstLine(e.getOriginalMessage());
            return respond(new Problem(
                    type(400),
                    "Malformed JSON",
                    400,
                    "the request body does not fit" + where + ": " + field + " has the wrong type or value",
                    path(uri),
                    List.of(new FieldError(field, message)),
                    null));
        }
        String detail = "the request body is not valid JSON" + where + ": " + firstLine(e.getOriginalMessage());
        return respond(new Problem(type(400), "Malformed JSON", 400, detail, path(uri), null, null));
    }

    /** Jackson's messages go on to describe its own source position on later lines; the caller needs the first. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> {
                    String field = violation.getPropertyPath().toString();
                    int dot = field.lastIndexOf('.');
                    return new FieldError(dot < 0 ? field : field.substring(dot + 1), violation.getMessage());
                })
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        ApiException invalid = ApiException.invalid(errors);
        return api(invalid, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "nothing is found at " + path(uri);
            case 405 -> "this method is not allowed on " + path(uri);
            case 406 -> "the service answers with application/json only";
            case 413 -> "the request body is larger than the limit";
            case 415 ->
                "the request's content type is not accepted here: send application/json or" + " multipart/form-data";
            default -> e.getMessage();
        };
        return respond(new Problem(type(status), title, status, detail, path(uri), null, null));
    }

    /**
     * A request body that ended or broke while it was read, such as a multipart body without its closing boundary.
     * Reading the request is the only I/O that reaches these mappers: the service's own I/O failures are wrapped.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        return respond(new Problem(
                type(400),
                "Bad Request",
                400,
                "the request body could not be read: " + e.getMessage(),
                path(uri),
                null,
                null));
    }

    @ServerExceptionMapper
    public Response unreadableBody(UncheckedIOException e, UriInfo uri) {
        return unreadableBody(e.getCause(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure on %s, error id %s", path(uri), errorId);
        return respond(new Problem(
                type(500),
                "Internal Server Error",
                500,
                "an unexpected error occurred; error id " + errorId,
                path(uri),
                null,
                Map.of("errorId", errorId)));
    }

    static String type(int status) {
        return TYPE_BASE + status;
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
