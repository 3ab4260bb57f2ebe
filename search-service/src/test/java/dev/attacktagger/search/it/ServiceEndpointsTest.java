package dev.attacktagger.search.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.OpenSearchTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(OpenSearchTestResource.class)
class ServiceEndpointsTest {

    @Test
    void shouldBeReadyWhileOpenSearchAnswers() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks[0].name", is("opensearch"));
    }

    @Test
    void shouldPublishMetricsAndTheOpenApiDocument() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/search"))
                .body(containsString("/api/v1/index/reports:bulk"))
                .body(containsString("\"409\""));
    }

    @Test
    void shouldServeTheSearchPageAtTheRoot() {
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>attack-tagger search</title>"))
                .body(containsString("api/v1/search"))
                .body(containsString("api/v1/navigator/layer"));
    }

    @Test
    void shouldAnswerAnUnknownPathWithAProblem() {
        given().when()
                .get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", is(404))
                .body("instance", is("/api/v1/nothing-here"));
    }
}
