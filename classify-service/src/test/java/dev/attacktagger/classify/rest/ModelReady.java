package dev.attacktagger.classify.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The model loads in the background; tests wait for readiness before their first call. */
final class ModelReady {

    /** The service's own setting when the build passes one (a model trained elsewhere), else the released model. */
    static final Path MODEL_DIR = Path.of(System.getProperty("attacktagger.model.dir", "../models/default"));

    private ModelReady() {}

    /** Skips the calling test when the repository holds no released model yet; else waits until it is loaded. */
    static void await() {
        assumeTrue(
                Files.isRegularFile(MODEL_DIR.resolve("model.json")),
                "no released model at " + MODEL_DIR.toAbsolutePath().normalize() + "; scripts/train makes one");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (given().get("/q/health/ready").statusCode() != 200) {
            String health = given().get("/q/health/ready").asString();
            if (health.contains("failed: ")) {
                throw new AssertionError("the model could not be loaded: " + health);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the model did not become ready: "
                        + given().get("/q/health/ready").asString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the model", e);
            }
        }
    }

    /** The released model's card as the file says, to compare the service's answers with. */
    static JsonNode card() {
        try {
            return new ObjectMapper().readTree(Files.readString(MODEL_DIR.resolve("model.json")));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + MODEL_DIR.resolve("model.json"), e);
        }
    }
}
