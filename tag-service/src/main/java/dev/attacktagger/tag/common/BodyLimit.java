package dev.attacktagger.tag.common;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request whose {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} with a 413
 * problem. Quarkus checks that limit in a route of its own (order {@value #QUARKUS_LIMIT_ORDER}) that ends the
 * response with an empty body before the request reaches REST, so no exception mapper ever sees it; this route runs
 * just before it. A chunked body, which declares no length, is still cut off by Quarkus while it is read.
 */
@ApplicationScoped
public class BodyLimit {

    static final int QUARKUS_LIMIT_ORDER = -2;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize limit;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(QUARKUS_LIMIT_ORDER - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null || !isOverLimit(length)) {
            context.next();
            return;
        }
        Problem problem = new Problem(
                ProblemMappers.type(413),
                Response.Status.REQUEST_ENTITY_TOO_LARGE.getReasonPhrase(),
                413,
                "the request body is too large: at most " + limit.asLongValue() + " bytes are accepted",
                context.request().path(),
                List.of(),
                Map.of());
        // The body is not read, so the connection cannot carry another request: it closes once the answer is out.
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .endHandler(ignored -> context.request().connection().close())
                .end(json(problem));
    }

    private boolean isOverLimit(String length) {
        try {
            return Long.parseLong(length.strip()) > limit.asLongValue();
        } catch (NumberFormatException e) {
            return false; // Not a length: Vert.x and Quarkus answer that as they do without this route.
        }
    }

    private String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document cannot be written as JSON", e);
        }
    }
}
