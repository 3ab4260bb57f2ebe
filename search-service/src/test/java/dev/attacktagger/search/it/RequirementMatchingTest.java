package dev.attacktagger.search.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.OpenSearchTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Intelligence requirements: matched once over the reports already indexed, then by the percolator at index time. */
@QuarkusTest
@QuarkusTestResource(OpenSearchTestResource.class)
class RequirementMatchingTest {

    private static ValidatableResponse create(String org, String name, String query) {
        return given().contentType(ContentType.JSON)
                .header("X-Organisation", org)
                .body(Map.of("name", name, "query", query))
                .when()
                .post("/api/v1/requirements")
                .then();
    }

    private static ValidatableResponse matches(String org, String id) {
        return given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements/" + id + "/matches")
                .then();
    }

    private static ValidatableResponse put(TestReports.Report report) {
        return given().contentType(ContentType.JSON)
                .body(report.body())
                .when()
                .put("/api/v1/index/reports/" + report.id())
                .then();
    }

    @Test
    void shouldMatchExistingReportsAtCreationAndNewOnesWhenIndexed() {
        String org = "intel";
        TestReports.report("req-1")
                .organisation(org)
                .published("2024-05-10")
                .tag("T1059.001", 0.93)
                .index();
        // PowerShell at low confidence beside another technique at high confidence: not one tag with both.
        TestReports.report("req-2")
                .organisation(org)
                .tag("T1059.001", 0.5)
                .tag("T1071.001", 0.95)
                .index();
        TestReports.report("req-3").organisation(org).tag("T1003.001", 0.9).index();

        String id = create(org, "High-confidence execution", "attackTag = \"T1059\" AND confidence > 0.8")
                .statusCode(201)
                .header("Location", startsWith("http"))
                .body("name", is("High-confidence execution"))
                .body("query", is("attackTag = \"T1059\" AND confidence > 0.8"))
                .body("organisation", is(org))
                .extract()
                .path("id");
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements/" + id)
                .then()
                .statusCode(200)
                .body("id", is(id));
        matches(org, id).statusCode(200).body("total", is(1)).body("matches.reportId", contains("req-1"));

        put(TestReports.report("req-4")
                        .organisation(org)
                        .published("2024-07-01")
                        .tag("T1059.003", 0.85))
                .statusCode(201)
                .body("matchedRequirements", contains(id));
        // The percolator must keep the nested semantics too: no single tag is both T1059 and above 0.8.
        put(TestReports.report("req-5").organisation(org).tag("T1059.001", 0.4).tag("T1105", 0.99))
                .statusCode(201)
                .body("matchedRequirements", empty());
        // The same content in another organisation is not this requirement's business.
        put(TestReports.report("req-6").organisation("intel-other").tag("T1059.003", 0.85))
                .statusCode(201)
                .body("matchedRequirements", empty());
        matches(org, id).statusCode(200).body("total", is(2)).body("matches.reportId", contains("req-4", "req-1"));

        // A new version that no longer matches loses its match.
        put(TestReports.report("req-1").organisation(org).version(2).tag("T1059.001", 0.5))
                .statusCode(200)
                .body("matchedRequirements", empty());
        matches(org, id).statusCode(200).body("matches.reportId", contains("req-4"));

        given().header("X-Organisation", org)
                .when()
                .delete("/api/v1/requirements/" + id)
                .then()
                .statusCode(204);
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        matches(org, id).statusCode(404);
        put(TestReports.report("req-7").organisation(org).tag("T1059.001", 0.99))
                .statusCode(201)
                .body("matchedRequirements", empty());
    }

    @Test
    void shouldPercolateFullTextAndOrQueries() {
        String org = "intel-text";
        TestReports.report("txt-1").organisation(org).tag("T1003.001", 0.9).index();
        TestReports.report("txt-2").organisation(org).text("Nothing of note.").index();
        String id = create(org, "Credential theft", "tactic = \"credential-access\" OR text = \"mimikatz dumped\"")
                .statusCode(201)
                .extract()
                .path("id");
        put(TestReports.report("txt-3").organisation(org).text("The operators ran Mimikatz and dumped hashes."))
                .statusCode(201)
                .body("matchedRequirements", contains(id));
        matches(org, id).statusCode(200).body("matches.reportId", contains("txt-3", "txt-1"));
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements")
                .then()
                .statusCode(200)
                .body("id", hasItem(id));
        given().header("X-Organisation", "intel")
                .when()
                .get("/api/v1/requirements")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(id)));
        given().header("X-Organisation", "intel")
                .when()
                .get("/api/v1/requirements/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void shouldRejectAQueryTooBigForOpenSearchAndKeepNoRequirement() {
        String org = "intel-big";
        create(org, "Too many sources", "source IN (" + "x,".repeat(1029) + "x)")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Invalid query"))
                .body("errors[0].field", is("query"));
        // Within the parser's limits, but OpenSearch refuses to build the pattern when the percolator stores it.
        create(org, "Costly pattern", "title LIKE \"*a?????????" + "a".repeat(200) + "\"")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("query"))
                .body("errors[0].message", startsWith("is too complex for OpenSearch"));
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements")
                .then()
                .statusCode(200)
                .body("$", empty());
    }

    @Test
    void shouldRejectPagesOfMatchesBeyondTheResultWindowOrNotNumbers() {
        String org = "intel-pages";
        String id = create(org, "Anything", "attackTag = \"T1059\"")
                .statusCode(201)
                .extract()
                .path("id");
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements/" + id + "/matches?page=500&size=100")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("page"));
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements/" + id + "/matches?page=x")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("page"))
                .body("errors[0].message", is("must be a whole number from 0 to 2147483647, found 'x'"));
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements/" + id + "/matches?size=0")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("size"));
        given().header("X-Organisation", org)
                .when()
                .get("/api/v1/requirements/" + id + "/matches?page=99&size=100")
                .then()
                .statusCode(200)
                .body("matches", empty());
    }

    @Test
    void shouldRejectABodyThatIsNotAnObject() {
        given().contentType(ContentType.JSON)
                .body("[]")
                .when()
                .post("/api/v1/requirements")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].message", is("the body must be a JSON object"));
    }

    @Test
    void shouldRejectABrokenQueryWithItsPosition() {
        create("intel", "Broken", "attackTag = \"T1059\" AND (confidence > 0.8")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("position", is(41))
                .body("expected", is("')' to close the '(' at offset 24, or AND, OR"))
                .body("errors[0].field", is("query"));
        create("intel", " ", "")
                .statusCode(400)
                .body("errors.field", contains("name", "query"))
                .body("errors.message", contains("must not be blank", "must not be blank"));
    }
}
