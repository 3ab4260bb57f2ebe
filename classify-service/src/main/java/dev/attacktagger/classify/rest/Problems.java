package dev.attacktagger.classify.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.attacktagger.classify.batching.QueueFullException;
import dev.attacktagger.classify.problem.Problem;
import dev.attacktagger.classify.service.InvalidInputException;
import dev.attacktagger.classify.service.ModelNotReadyException;
import dev.attacktagger.classify.service.TooLargeException;
import dev.attacktagger.support.JsonFieldPath;

/** Turns failures into problem details: the caller's mistakes into 4xx, load into 503, anything else into 500. */
final class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sent with a 503 while the model loads. */
    static final int NOT_READY_RETRY_SECONDS = 5;

    private Problems() {}

    /**
     * A problem and the response headers it needs.
     *
     * @param problem the body
     * @param retryAfterSeconds the Retry-After to send, or 0 for none
     */
    record Answer(Problem problem, int retryAfterSeconds) {

        Response toResponse() {
            String body;
            try {
                // Written here rather than left to the framework, which picks its JSON writer by media type and
                // might not take application/problem+json for JSON.
                body = JSON.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a problem detail", e);
            }
            Response.ResponseBuilder builder =
                    Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body);
            if (retryAfterSeconds > 0) {
                builder.header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
            }
            return builder.build();
        }
    }

    static Answer of(Throwable failure, String path, int queueRetryAfterSeconds) {
        if (failure instanceof InvalidInputException invalid) {
            return new Answer(
                    Problem.invalid(
                            invalid.field() + " " + invalid.getMessage(),
                            path,
                            List.of(new Problem.FieldError(invalid.field(), invalid.getMessage()))),
                    0);
        }
        if (failure instanceof TooLargeException tooLarge) {
            return new Answer(Problem.of("too-large", "Payload too large", 413, tooLarge.getMessage(), path), 0);
        }
        if (failure instanceof QueueFullException full) {
            return new Answer(
                    Problem.of("busy", "Service busy", 503, full.getMessage() + "; retry later", path),
                    queueRetryAfterSeconds);
        }
        if (failure instanceof ModelNotReadyException notReady) {
            return new Answer(
                    Problem.of("not-ready", "Model not ready", 503, notReady.getMessage(), path),
                    NOT_READY_RETRY_SECONDS);
        }
        if (failure instanceof JsonProcessingException json) {
            return new Answer(malformedJson(json, path), 0);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return new Answer(web(web, path), 0);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected failure %s on %s", errorId, path);
        return new Answer(
                Problem.of(
                        "internal", "Internal error", 500, "an unexpected failure occurred; error id " + errorId, path),
                0);
    }

    private static Problem malformedJson(JsonProcessingException json, String path) {
        // A value of the wrong type in well-formed JSON names its field; anything else is JSON that is broken.
        if (json instanceof MismatchedInputException mapping
                && !mapping.getPath().isEmpty()) {
            String field = JsonFieldPath.of(mapping);
            String message = mapping.getOriginalMessage();
            return Problem.invalid(
                    "field " + field + " has the wrong type" + where(json.getLocation()),
                    path,
                    List.of(new Problem.FieldError(field, firstLine(message))));
        }
        return Problem.of(
                "malformed-json",
                "Malformed JSON",
                400,
                "the body is not valid JSON" + where(json.getLocation()) + ": " + firstLine(json.getOriginalMessage()),
                path);
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Problem web(WebApplicationException web, String path) {
        if (web.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, path);
        }
        int status = web.getResponse().getStatus();
        if (web instanceof NotSupportedException) {
            return Problem.of(
                    "unsupported-media-type",
                    "Unsupported media type",
                    415,
                    "this endpoint takes application/json" + (path.endsWith("/classify") ? " or text/plain" : ""),
                    path);
        }
        if (web instanceof NotFoundException) {
            return Problem.of("not-found", "Not found", 404, "nothing at " + path, path);
        }
        if (web instanceof NotAllowedException) {
            return Problem.of(
                    "method-not-allowed", "Method not allowed", 405, "this method is not allowed at " + path, path);
        }
        if (web instanceof NotAcceptableException) {
            return Problem.of("not-acceptable", "Not acceptable", 406, "this endpoint answers application/json", path);
        }
        if (status == 413) {
            return Problem.of("too-large", "Payload too large", 413, "the request body is too large", path);
        }
        String reason = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Problem.of("http-" + status, reason, status, web.getMessage(), path);
    }
}
