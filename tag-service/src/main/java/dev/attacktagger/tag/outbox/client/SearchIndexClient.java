package dev.attacktagger.tag.outbox.client;

import java.time.Duration;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** search-service's index API: {@code PUT /api/v1/index/reports/{id}} with a report document. */
public final class SearchIndexClient implements AutoCloseable {

    private final WebClient client;
    private final String baseUrl;
    private final Duration timeout;

    public SearchIndexClient(Vertx vertx, String baseUrl, Duration timeout) {
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setConnectTimeout((int) timeout.toMillis())
                        .setKeepAlive(true)
                        .setMaxPoolSize(16));
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
    }

    /** What search answered. */
    public record Answer(int status, String body) {

        /** A 2xx, or a 409: search already holds this version or a newer one. */
        public boolean delivered() {
            return (status >= 200 && status < 300) || status == 409;
        }
    }

    /** Sends a report's document; fails on a connection error or timeout. */
    public Uni<Answer> put(UUID reportId, JsonObject document) {
        return client.putAbs(baseUrl + "/api/v1/index/reports/" + reportId)
                .timeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .sendJsonObject(document)
                .map(response -> {
                    String body = response.bodyAsString();
                    return new Answer(
                            response.statusCode(), body == null ? "" : body.substring(0, Math.min(200, body.length())));
                });
    }

    @Override
    public void close() {
        client.close();
    }
}
