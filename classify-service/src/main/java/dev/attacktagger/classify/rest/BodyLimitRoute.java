package dev.attacktagger.classify.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classify.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request body over the HTTP layer's limit ({@code quarkus.http.limits.max-body-size}) with a 413 problem
 * instead of the HTTP layer's own empty 413. The limit is set well above the text limit, so a text just over {@code
 * classify.max-text-size} still reaches the resource and gets its more precise answer.
 *
 * <p>A body that declares its length is judged by that length. A chunked body declares none: it is read here, up to
 * the limit, and handed to the framework, which takes a body already read from the routing context.
 */
@ApplicationScoped
public class BodyLimitRoute {

    private final long maxBodySize;
    private final ObjectMapper mapper;

    public BodyLimitRoute(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
            ObjectMapper mapper) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > maxBodySize) {
                refuseDeclared(context, length);
            } else {
                context.next();
            }
        } else if (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT) {
            readChunked(context);
        } else {
            context.next();
        }
    }

    private void refuseDeclared(RoutingContext context, long length) {
        String body = problem(Problem.of(
                "too-large",
                "Payload too large",
                413,
                "the body is " + length + " bytes; this service reads at most " + maxBodySize,
                context.request().path()));
        // Read and drop the body before answering: a client that writes its whole body before reading (most do)
        // would otherwise see a broken connection instead of this answer.
        context.request().handler(ignored -> {});
        context.request().endHandler(ignored -> send(context, 413, body, false));
        context.request().resume();
    }

    private void readChunked(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBodySize) {
                refused[0] = true;
                String problem = problem(Problem.of(
                        "too-large",
                        "Payload too large",
                        413,
                        "the body is over " + maxBodySize + " bytes, the most this service reads",
                        request.path()));
                send(context, 413, problem, true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (refused[0]) {
                return;
            }
            if (body.length() == 0) {
                // The framework waits for a body already read when it is empty; every POST here needs one anyway.
                String field = request.path().endsWith("/batch") ? "documents" : "text";
                String message = field.equals("text") ? "must not be empty" : "must hold at least one document";
                send(
                        context,
                        400,
                        problem(Problem.invalid(
                                field + " " + message,
                                request.path(),
                                List.of(new Problem.FieldError(field, message)))),
                        false);
                return;
            }
            context.setBody(body);
            context.next();
        });
        request.resume();
    }

    private static void send(RoutingContext context, int status, String body, boolean close) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            // The rest of an oversized upload is not read: closing is cheaper than draining it.
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        context.response().end(body);
    }

    private String problem(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem detail", e);
        }
    }
}
