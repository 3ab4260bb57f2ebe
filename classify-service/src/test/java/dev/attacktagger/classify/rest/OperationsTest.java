package dev.attacktagger.classify.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Health, metrics and the OpenAPI document: what operators and autoscalers read. */
@QuarkusTest
class OperationsTest {

    @Test
    void shouldBeLiveAndReadyWithTheModelLoaded() {
        ModelReady.await();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'model' }.data.provider", equalTo("CPU"))
                .body(
                        "checks.find { it.name == 'model' }.data.model",
                        equalTo(ModelReady.card().get("id").asText()));
    }

    @Test
    void shouldPublishLatencyBatchQueueAndModelMetrics() {
        ModelReady.await();
        given().contentType(ContentType.JSON)
                .body(Map.of("text", ClassifyResourceTest.REPORT))
                .post("/api/v1/classify")
                .then()
                .statusCode(200);

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();

        String modelId = ModelReady.card().get("id").asText();
        assertThat(metrics)
                .containsPattern("classify_model_info\\{[^}]*model=\"" + modelId.replace(".", "\\.") + "\"[^}]*} 1\\.0")
                .containsPattern("classify_model_info\\{[^}]*provider=\"CPU\"")
                .contains("classify_batch_sentences_bucket{")
                .contains("classify_queue_depth_sentences ")
                .contains("classify_document_duration_seconds_bucket{")
                .containsPattern("classify_document_duration_seconds\\{[^}]*quantile=\"0\\.99\"")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/v1/classify\"");
    }

    @Test
    void shouldBeLiveAtOnceWhateverTheModelDoes() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldDocumentEveryStatusOfEveryEndpoint() {
        JsonPath openapi = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        Map<String, List<String>> expected = Map.of(
                "'/api/v1/classify'.post", List.of("200", "400", "413", "415", "500", "503"),
                "'/api/v1/classify/batch'.post", List.of("200", "400", "413", "415", "500", "503"),
                "'/api/v1/model'.get", List.of("200", "500", "503"),
                "'/api/v1/techniques'.get", List.of("200", "400", "500", "503"));
        expected.forEach((operation, statuses) -> {
            Map<String, Object> responses = openapi.getMap("paths." + operation + ".responses");
            assertThat(responses).as(operation).containsOnlyKeys(statuses);
        });
        assertThat(openapi.getMap("paths.'/api/v1/classify'.post.requestBody.content"))
                .containsOnlyKeys("application/json", "text/plain");
        assertThat(openapi.getString("paths.'/api/v1/classify'.post.responses.'400'.content.'application/problem+json'"
                        + ".schema.'$ref'"))
                .isEqualTo("#/components/schemas/Problem");
    }
}
