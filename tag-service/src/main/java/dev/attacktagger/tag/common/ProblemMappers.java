package dev.attacktagger.tag.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.attacktagger.support.JsonFieldPath;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;

/**
 * Turns every failure into an {@code application/problem+json} response. A caller's mistake is a 4xx and is not
 * logged as an error; anything unexpected is logged once at ERROR with an id that the response repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(new Problem(
                type(e.status()), e.title(), e.status(), e.getMessage(), path(uri), e.errors(), e.extensions()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(field(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        return respond(new Problem(
                type(400), "Bad Request", 400, ProblemException.detailOf(errors), path(uri), errors, Map.of()));
    }

    /** Quarkus' own subclass would otherwise be answered by its built-in mapper, in another format. */
    @ServerExceptionMapper
    public Response requestValidation(ResteasyReactiveViolationException e, UriInfo uri) {
        return validation(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        JsonLocation location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String detail;
        List<Problem.FieldError> errors = List.of();
        if (e instanceof JsonParseException) {
            detail = "malformed JSON" + where + ": " + e.getOriginalMessage();
        } else if (e instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            String field = JsonFieldPath.of(mapping);
            String message =
                    e instanceof StorableText.InvalidTextException text ? text.reason() : "has the wrong type or value";
            detail = "the JSON does not fit the request" + where + ": " + field + " " + message;
            errors = List.of(new Problem.FieldError(field, message));
        } else {
            detail = "the JSON does not fit the request" + where + ": " + e.getOriginalMessage();
        }
        return respond(new Problem(type(400), "Bad Request", 400, detail, path(uri), errors, Map.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
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
            case 405 -> "the method is not allowed on " + path(uri);
            case 406 -> "the resource cannot answer in the accepted media types";
            case 413 -> "the request body is too large";
            case 415 -> "the request body must be application/json";
            default -> e.getMessage();
        };
        return respond(new Problem(type(status), title, status, detail, path(uri), List.of(), Map.of()));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        Throwable cause = unwrap(e);
        if (cause != e) {
            if (cause instanceof ProblemException problem) {
                return problem(problem, uri);
            }
            if (cause instanceof ConstraintViolationException violation) {
                return validation(violation, uri);
            }
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", errorId, path(uri));
        return respond(new Problem(
                type(500),
                "Internal Server Error",
                500,
                "an unexpected failure happened; its error id is " + errorId,
                path(uri),
                List.of(),
                Map.of("errorId", errorId)));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        for (int depth = 0; depth < 10 && current.getCause() != null; depth++) {
            if (current instanceof ProblemException || current instanceof ConstraintViolationException) {
                return current;
            }
            current = current.getCause();
        }
        return current;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.getStatus())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    static String type(int status) {
        return "https://attack-tagger.dev/problems/" + status;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    /**
     * {@code create.request.tags[0].confidence} becomes {@code tags[0].confidence}: the method and parameter go. A
     * null item of a list is {@code tags[0]}.
     */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // A constraint on a list's element itself, such as a null item: the index names it.
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                }
                continue;
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
