package dev.attacktagger.classify.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.attacktagger.classify.service.ClassifyConfig;

/** Every failure a resource raises, answered as {@code application/problem+json}. */
public class ProblemMappers {

    private final ClassifyConfig config;

    public ProblemMappers(ClassifyConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response map(JsonProcessingException failure, UriInfo uri) {
        return answer(failure, uri);
    }

    /** Replaces the framework's own answer for a wrongly typed field with a problem that names the field. */
    @ServerExceptionMapper
    public Response map(MismatchedInputException failure, UriInfo uri) {
        return answer(failure, uri);
    }

    @ServerExceptionMapper
    public Response map(Throwable failure, UriInfo uri) {
        return answer(failure, uri);
    }

    private Response answer(Throwable failure, UriInfo uri) {
        return Problems.of(
                        failure,
                        "/" + uri.getPath().replaceFirst("^/", ""),
                        config.batching().retryAfterSeconds())
                .toResponse();
    }
}
