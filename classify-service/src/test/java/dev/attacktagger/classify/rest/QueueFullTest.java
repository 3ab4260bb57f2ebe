package dev.attacktagger.classify.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The test configuration's queue holds 512 sentences; texts of 300 distinct sentences sent together overflow it. */
@QuarkusTest
class QueueFullTest {

    @BeforeEach
    void awaitModel() {
        ModelReady.await();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheQueueIsFullAndServeTheRest() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < 300; s++) {
                text.append("Caller ")
                        .append(d)
                        .append(" saw the implant beacon to server ")
                        .append(s)
                        .append(". ");
            }
            texts.add(text.toString());
        }
        ExecutorService callers = Executors.newFixedThreadPool(texts.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Response> responses = new ArrayList<>();
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (String text : texts) {
                futures.add(callers.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON)
                            .body(Map.of("text", text))
                            .post("/api/v1/classify")
                            .andReturn();
                }));
            }
            start.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get(5, TimeUnit.MINUTES));
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(responses)
                .extracting(Response::statusCode)
                .containsOnly(200, 503)
                .contains(200, 503);
        for (Response refused :
                responses.stream().filter(r -> r.statusCode() == 503).toList()) {
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.header("Retry-After")).isEqualTo("2");
            assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:attack-tagger:problem:busy");
            assertThat(refused.jsonPath().getString("detail"))
                    .matches("the encoder queue holds \\d+ of at most 512 sentences and cannot take 300 more; retry"
                            + " later");
        }
        assertThat(given().get("/q/metrics").asString())
                .containsPattern("classify_rejected_total\\{[^}]*reason=\"queue-full\"");
    }
}
