package dev.attacktagger.classify.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ModelResourceTest {

    @BeforeEach
    void awaitModel() {
        ModelReady.await();
    }

    @Test
    void shouldDescribeTheLoadedModelAndWhereItRuns() {
        JsonNode card = ModelReady.card();

        JsonPath answer =
                given().get("/api/v1/model").then().statusCode(200).extract().jsonPath();

        assertThat(answer.getString("id")).isEqualTo(card.get("id").asText());
        assertThat(answer.getString("attackVersion"))
                .isEqualTo(card.get("attackVersion").asText());
        assertThat(answer.getString("encoder")).isEqualTo(card.get("encoder").asText());
        // No GPU on the machines that run these tests; the CPU build offers the CPU provider only.
        assertThat(answer.getString("executionProvider")).isEqualTo("CPU");
        int count = card.get("techniques").size();
        long released = 0;
        for (JsonNode technique : card.get("techniques")) {
            released += technique.get("released").asBoolean() ? 1 : 0;
        }
        assertThat(answer.getList("techniques")).hasSize(count);
        assertThat(answer.getLong("released")).isEqualTo(released);
        assertThat(answer.getLong("heldBack")).isEqualTo(count - released);
        JsonNode first = card.get("techniques").get(0);
        Map<String, Object> served = answer.getMap("techniques[0]");
        assertThat(served.get("id")).isEqualTo(first.get("id").asText());
        assertThat(served.get("released")).isEqualTo(first.get("released").asBoolean());
        assertThat(((Number) served.get("threshold")).doubleValue())
                .isCloseTo(first.get("threshold").asDouble(), within(1e-6));
        assertThat(served).containsKeys("precision", "recall", "support", "tactics", "name");
        assertThat(answer.getMap("validation")).isNotEmpty();
    }

    @Test
    void shouldListTheReleasedTechniquesOnly() {
        List<String> released = new ArrayList<>();
        ModelReady.card().get("techniques").forEach(t -> {
            if (t.get("released").asBoolean()) {
                released.add(t.get("id").asText());
            }
        });

        JsonPath answer = given().get("/api/v1/techniques")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(answer.getList("techniques.id", String.class))
                .containsExactlyElementsOf(released.stream().sorted().toList());
        assertThat(answer.getInt("count")).isEqualTo(released.size());
        assertThat(answer.getList("techniques.released", Boolean.class)).containsOnly(true);
    }

    @Test
    void shouldFilterTechniquesByTactic() {
        List<String> expected = new ArrayList<>();
        ModelReady.card().get("techniques").forEach(t -> {
            boolean execution = false;
            for (JsonNode tactic : t.path("tactics")) {
                execution |= tactic.asText().equals("execution");
            }
            if (t.get("released").asBoolean() && execution) {
                expected.add(t.get("id").asText());
            }
        });

        JsonPath answer = given().queryParam("tactic", "execution")
                .get("/api/v1/techniques")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(answer.getList("techniques.id", String.class))
                .containsExactlyElementsOf(expected.stream().sorted().toList());
        assertThat(answer.getList("techniques.tactics", List.class))
                .allSatisfy(t -> assertThat(t).contains("execution"));
    }

    @Test
    void shouldRejectAnUnknownTactic() {
        given().queryParam("tactic", "teleportation")
                .get("/api/v1/techniques")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("tactic"))
                .body("errors[0].message", org.hamcrest.Matchers.endsWith(", found teleportation"));
    }

    @Test
    void shouldAnswerAWrongMethodWithAProblem() {
        given().delete("/api/v1/model")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405))
                .body("detail", equalTo("this method is not allowed at /api/v1/model"));
    }
}
