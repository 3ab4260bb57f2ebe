package dev.attacktagger.classify.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.attacktagger.classify.service.ModelRuntime;

/** Ready once the model is loaded and has classified one warm-up text. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ModelRuntime runtime;

    public ModelReadinessCheck(ModelRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("model")
                .withData("dir", runtime.modelDir().toString());
        if (runtime.ready()) {
            ModelRuntime.Loaded loaded = runtime.require();
            return builder.up()
                    .withData("model", loaded.tagger().card().id())
                    .withData("provider", loaded.executionProvider())
                    .withData("warmUpMillis", loaded.warmUpMillis())
                    .build();
        }
        String failure = runtime.failure();
        return builder.down()
                .withData("state", failure == null ? "loading" : "failed: " + failure)
                .build();
    }
}
