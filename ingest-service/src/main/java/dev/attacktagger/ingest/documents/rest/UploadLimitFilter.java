package dev.attacktagger.ingest.documents.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.attacktagger.ingest.config.IngestBeans;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Refuses a request whose declared {@code Content-Length} is over the upload limit with a 413 problem document before
 * its body is read. A body sent without a length is cut off by {@code quarkus.http.limits.max-body-size}, which the
 * configuration sets a little above the upload limit, and checked again once read.
 */
@Singleton
public class UploadLimitFilter {

    /** Room for the multipart framing and form fields around a file that is just under the limit. */
    private static final long FRAMING = 64 * 1024;

    private final long maxBytes;

    UploadLimitFilter(IngestBeans settings) {
        this.maxBytes = settings.maxUploadBytes();
    }

    void install(@Observes Router router) {
        router.route("/api/v1/documents").order(-100).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (context.request().method() == HttpMethod.POST && length != null && tooLong(length)) {
                String body =
                        "{\"type\":\"https://attack-tagger.dev/problems/413\",\"title\":\"Content Too Large\",\"status\":413,"
                                + "\"detail\":\"the request is " + length.strip()
                                + " bytes, more than the upload limit of "
                                + maxBytes + " bytes\",\"instance\":\"/api/v1/documents\"}";
                context.response()
                        .setStatusCode(413)
                        .putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close")
                        .end(body);
                return;
            }
            context.next();
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBytes + FRAMING;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
