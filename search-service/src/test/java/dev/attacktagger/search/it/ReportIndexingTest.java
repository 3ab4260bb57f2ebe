package dev.attacktagger.search.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.OpenSearchTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(OpenSearchTestResource.class)
class ReportIndexingTest {

    private static final String ORG = "indexing";

    private static TestReports.Report report(String id) {
        return TestReports.report(id).organisation(ORG);
    }

    private static io.restassured.response.ValidatableResponse search(String query) {
        return given().contentType(ContentType.JSON)
                .header("X-Organisation", ORG)
                .body(Map.of("query", query))
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(200);
    }

    @Test
    void shouldCreateThenUpdateAndAnswerRepeatedDeliveryWithOk() {
        TestReports.Report first =
                report("idx-1").version(3).title("First title").tag("T1059.001", 0.9);
        given().contentType(ContentType.JSON)
                .body(first.body())
                .when()
                .put("/api/v1/index/reports/idx-1")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/index/reports/idx-1"))
                .body("outcome", is("CREATED"))
                .body("version", is(3));
        given().contentType(ContentType.JSON)
                .body(first.body())
                .when()
                .put("/api/v1/index/reports/idx-1")
                .then()
                .statusCode(200)
                .body("outcome", is("UNCHANGED"));
        given().contentType(ContentType.JSON)
                .body(report("idx-1").version(4).title("Second title").body())
                .when()
                .put("/api/v1/index/reports/idx-1")
                .then()
                .statusCode(200)
                .body("outcome", is("UPDATED"))
                .body("version", is(4));
        search("title == \"Second title\"").body("hits.id", contains("idx-1")).body("hits[0].version", is(4));
    }

    @Test
    void shouldRefuseAStaleVersionWithConflictAndKeepTheNewer() {
        report("idx-2").version(7).title("Newer").index();
        given().contentType(ContentType.JSON)
                .body(report("idx-2").version(6).title("Older").body())
                .when()
                .put("/api/v1/index/reports/idx-2")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", is(409))
                .body("title", is("Conflict"))
                .body("detail", is("version 6 of report idx-2 is older than the indexed version 7"))
                .body("instance", is("/api/v1/index/reports/idx-2"));
        search("title == \"Newer\"").body("hits.id", contains("idx-2"));
        search("title == \"Older\"").body("total", is(0));
    }

    @Test
    void shouldDeleteWithVersionsAndAnswerNotFoundAfterwards() {
        report("idx-3").version(2).index();
        given().when()
                .delete("/api/v1/index/reports/idx-3?version=1")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().when().delete("/api/v1/index/reports/idx-3?version=3").then().statusCode(204);
        given().when()
                .delete("/api/v1/index/reports/idx-3")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", is("no report idx-3 is indexed"));
        search("title == \"Report idx-3\"").body("total", is(0));
    }

    @Test
    void shouldKeepRejectedTagsOutOfTagQueries() {
        report("idx-4")
                .tag("T1003.001", 0.95, "SYSTEM", "REJECTED")
                .tag("T1105", 0.7, "USER", "CONFIRMED")
                .index();
        search("attackTag = \"T1003\"").body("total", is(0));
        search("state = \"REJECTED\"").body("total", is(0));
        search("attackTag = \"T1105\"")
                .body("hits.id", contains("idx-4"))
                .body("hits[0].techniqueCount", is(1))
                .body("hits[0].tags.techniqueId", contains("T1105"))
                .body("hits[0].tags[0].name", is("Ingress Tool Transfer"))
                .body("hits[0].tags[0].tactics", contains("command-and-control"));
    }

    @Test
    void shouldListEveryContractViolation() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "id", "other",
                        "publishedAt", "yesterday",
                        "tags", List.of(TestReports.tag("powershell", 1.5))))
                .when()
                .put("/api/v1/index/reports/idx-5")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Invalid request"))
                .body(
                        "errors.field",
                        contains("id", "version", "publishedAt", "tags[0].techniqueId", "tags[0].confidence"))
                .body("errors[0].message", is("must equal the id in the path, idx-5"));
    }

    @Test
    void shouldRejectANegativeOrNonNumericDeleteVersion() {
        report("idx-8").version(2).index();
        given().when()
                .delete("/api/v1/index/reports/idx-8?version=-5")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("version"))
                .body("errors[0].message", is("must be a whole number of 0 or more, found '-5'"));
        given().when()
                .delete("/api/v1/index/reports/idx-8?version=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("version"));
        search("title == \"Report idx-8\"").body("total", is(1));
    }

    @Test
    void shouldMeasureTheIdInUtf8BytesAsOpenSearchDoes() {
        String tooLong = "é".repeat(300);
        given().contentType(ContentType.JSON)
                .body(report(tooLong).body())
                .when()
                .put("/api/v1/index/reports/" + tooLong)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("id"))
                .body("errors[0].message", is("must be 1 to 512 bytes long in UTF-8"));
        given().when().delete("/api/v1/index/reports/" + tooLong).then().statusCode(400);
        String longest = "é".repeat(256);
        given().contentType(ContentType.JSON)
                .body(report(longest).body())
                .when()
                .put("/api/v1/index/reports/" + longest)
                .then()
                .statusCode(201);
    }

    @Test
    void shouldNameEveryNullListItemWithItsIndex() {
        Map<String, Object> tag = TestReports.tag("T1059", 0.9);
        tag.put("tactics", Arrays.asList("execution", null));
        Map<String, Object> body = report("idx-9").body();
        body.put("indicators", Arrays.asList((Object) null));
        body.put("entities", Arrays.asList(Map.of("name", "Mimikatz"), null));
        body.put("tags", List.of(tag));
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .put("/api/v1/index/reports/idx-9")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("indicators[0]", "entities[1]", "tags[0].tactics[1]"));
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(List.of(body))
                .when()
                .post("/api/v1/index/reports:bulk")
                .then()
                .statusCode(400)
                .body("errors.field", contains("[0].indicators[0]", "[0].entities[1]", "[0].tags[0].tactics[1]"));
        search("title == \"Report idx-9\"").body("total", is(0));
    }

    @Test
    void shouldSayABulkBodyMustBeAnArray() {
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/api/v1/index/reports:bulk")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("body"))
                .body("errors[0].message", is("the body must be a JSON array"));
    }

    @Test
    void shouldAnswerMalformedJsonWithWhereItBroke() {
        given().contentType(ContentType.JSON)
                .body("{\"version\": 1,\n \"title\": }")
                .when()
                .put("/api/v1/index/reports/idx-6")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Malformed JSON"))
                .body("detail", containsString("line 2, column"));
    }

    @Test
    void shouldAnswerWrongMediaTypeWith415() {
        given().contentType(ContentType.TEXT)
                .body("hello")
                .when()
                .put("/api/v1/index/reports/idx-7")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("status", is(415));
    }

    @Test
    void shouldIndexInBulkWithVersionsPerReport() {
        report("bulk-1").version(5).index();
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(List.of(
                        report("bulk-1").version(4).body(),
                        report("bulk-1b").version(1).tag("T1027", 0.6).body(),
                        report("bulk-2").version(1).tag("T1027", 0.6).body()))
                .when()
                .post("/api/v1/index/reports:bulk")
                .then()
                .statusCode(200)
                .body("indexed", is(2))
                .body("stale", is(1))
                .body("unchanged", is(0))
                .body("failed", hasSize(0));
        search("attackTag = \"T1027\"").body("total", equalTo(2));
    }

    @Test
    void shouldRefuseABulkWithAnInvalidReportWhole() {
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(List.of(
                        report("bulk-3").body(), report("bulk-4").version(-1).body()))
                .when()
                .post("/api/v1/index/reports:bulk")
                .then()
                .statusCode(400)
                .body("errors.field", contains("[1].version"));
        search("title == \"Report bulk-3\"").body("total", is(0));
    }
}
