package dev.attacktagger.search.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opensearch.client.opensearch.OpenSearchClient;

/** Ready while OpenSearch answers and the cluster is not red. */
@Readiness
@ApplicationScoped
public class OpenSearchHealthCheck implements HealthCheck {

    @Inject
    OpenSearchClient client;

    @Override
    public HealthCheckResponse call() {
        try {
            String status = client.cluster().health().status().jsonValue();
            return HealthCheckResponse.named("opensearch")
                    .status(!"red".equals(status))
                    .withData("status", status)
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named("opensearch")
                    .down()
                    .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .build();
        }
    }
}
