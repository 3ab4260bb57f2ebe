package dev.attacktagger.classify.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class BatchClassifyResourceTest {

    private static final String SECOND = "The backdoor collected screenshots every minute and sent them to its command"
            + " server over DNS queries. It deleted its own log files before exiting.";

    @BeforeEach
    void awaitModel() {
        ModelReady.await();
    }

    @Test
    void shouldAnswerEveryDocumentInItsSlotAndAFailedOneWithAProblem() {
        char[] letters = new char[2 * 1024 * 1024 + 1];
        Arrays.fill(letters, 'b');
        List<Map<String, Object>> documents = List.of(
                Map.of("text", ClassifyResourceTest.REPORT, "title", "first"),
                Map.of("text", ""),
                Map.of("text", SECOND),
                Map.of("text", new String(letters)));

        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("documents", documents))
                .post("/api/v1/classify/batch")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();

        assertThat(answer.getString("model.id"))
                .isEqualTo(ModelReady.card().get("id").asText());
        assertThat(answer.getList("results.index", Integer.class)).containsExactly(0, 1, 2, 3);
        assertThat(answer.getList("results.status", Integer.class)).containsExactly(200, 400, 200, 413);
        assertThat(answer.getString("results[1].problem.detail")).isEqualTo("text must not be empty");
        assertThat(answer.getString("results[1].problem.instance")).isEqualTo("/api/v1/classify/batch#/documents/1");
        assertThat(answer.getString("results[1].problem.errors[0].field")).isEqualTo("text");
        assertThat(answer.getString("results[3].problem.type")).isEqualTo("urn:attack-tagger:problem:too-large");
        assertThat(answer.getMap("results[1]")).doesNotContainKey("classification");
        assertThat(answer.getMap("results[0]")).doesNotContainKey("problem");
        for (int i : new int[] {0, 2}) {
            String text = (String) documents.get(i).get("text");
            JsonPath alone = given().contentType(ContentType.JSON)
                    .body(Map.of("text", text))
                    .post("/api/v1/classify")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(answer.getList("results[" + i + "].classification.techniques.id"))
                    .isEqualTo(alone.getList("techniques.id"));
            assertThat(answer.getList("results[" + i + "].classification.techniques.evidence.start"))
                    .isEqualTo(alone.getList("techniques.evidence.start"));
            assertThat(answer.getInt("results[" + i + "].classification.sentences"))
                    .isEqualTo(alone.getInt("sentences"));
        }
    }

    @Test
    void shouldRefuseMoreDocumentsThanOneCallTakes() {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            documents.add(Map.of("text", "Document " + i + " mentions a loader."));
        }

        given().contentType(ContentType.JSON)
                .body(Map.of("documents", documents))
                .post("/api/v1/classify/batch")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:attack-tagger:problem:too-large"))
                .body("detail", equalTo("33 documents were sent; one call takes at most 32"));
    }

    @Test
    void shouldRejectABatchWithoutDocuments() {
        for (Object body : List.of(Map.of("documents", List.of()), Map.of("threshold", 0.5))) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/classify/batch")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("documents"))
                    .body("errors[0].message", equalTo("must hold at least one document"));
        }
    }

    @Test
    void shouldRejectABatchThresholdOutsideZeroToOne() {
        given().contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("text", SECOND)), "threshold", 2))
                .post("/api/v1/classify/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("threshold"));
    }

    @Test
    void shouldRejectMalformedBatchJsonSayingWhereItBroke() {
        given().contentType(ContentType.JSON)
                .body("{\"documents\": [{\"text\": \"a\"},]}")
                .post("/api/v1/classify/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body("detail", org.hamcrest.Matchers.startsWith("the body is not valid JSON at line 1, column "));
    }

    @Test
    void shouldRejectABatchThatIsNotJson() {
        given().contentType(ContentType.TEXT)
                .body("one document")
                .post("/api/v1/classify/batch")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("detail", equalTo("this endpoint takes application/json"));
    }
}
