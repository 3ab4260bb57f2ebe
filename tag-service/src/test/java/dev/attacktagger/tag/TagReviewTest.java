package dev.attacktagger.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(SearchReceiverResource.class)
class TagReviewTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void shouldStoreProposalsWithNormalisedIdsAndEvidence() {
        UUID report = Fixtures.report();
        JsonPath body = putSystemTags(report, Fixtures.systemTags("m1", "t1059/001", 0.93, "T1566-001", 0.4))
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(body.getLong("version")).isEqualTo(2);
        assertThat(body.getList("tags.techniqueId")).containsExactly("T1059.001", "T1566.001");
        assertThat(body.getList("tags.state")).containsOnly("PROPOSED");
        assertThat(body.getList("tags.origin")).containsOnly("SYSTEM");
        assertThat(body.getString("tags[0].name")).isEqualTo("PowerShell");
        assertThat(body.getString("tags[0].parentId")).isEqualTo("T1059");
        assertThat(body.getList("tags[0].tactics")).containsExactly("execution");
        assertThat(body.getString("tags[0].modelId")).isEqualTo("m1");
        assertThat(body.getDouble("tags[0].confidence")).isEqualTo(0.93);
        assertThat(body.getInt("tags[0].evidence[0].end")).isEqualTo(9);
        assertThat(body.getString("tags[0].createdBy")).isEqualTo("classifier");
    }

    @Test
    void shouldChangeNothingWhenTheSameRunIsPutTwice() {
        UUID report = Fixtures.report();
        Map<String, Object> run = Fixtures.systemTags("m1", "T1059.001", 0.9, "T1003.001", 0.7);
        putSystemTags(report, run).statusCode(200).body("version", equalTo(2));
        int historyBefore = history(report).size();
        putSystemTags(report, run).statusCode(200).body("version", equalTo(2));
        assertThat(history(report)).hasSize(historyBefore);
    }

    @Test
    void shouldMapRevokedIdToReplacementAndCountDuplicatesOnce() {
        UUID report = Fixtures.report();
        putSystemTags(report, Fixtures.systemTags("m1", "T1086", 0.6, "t1059.001", 0.8))
                .statusCode(200)
                .body("tags.techniqueId", contains("T1059.001"))
                .body("tags[0].confidence", equalTo(0.8f));
    }

    @Test
    void shouldKeepRejectedAndConfirmedTagsAcrossModelRuns() {
        UUID report = Fixtures.report();
        putSystemTags(report, Fixtures.systemTags("m1", "T1059.001", 0.9, "T1566.001", 0.8, "T1003", 0.5));
        given().header("X-User", "alice")
                .when()
                .delete("/api/v1/reports/" + report + "/tags/t1059-001")
                .then()
                .statusCode(204);
        given().header("X-User", "alice")
                .when()
                .post("/api/v1/reports/" + report + "/tags/T1566.001/confirm")
                .then()
                .statusCode(200)
                .body("tags.find { it.techniqueId == 'T1566.001' }.state", equalTo("CONFIRMED"))
                .body("tags.find { it.techniqueId == 'T1566.001' }.reviewedBy", equalTo("alice"));

        // The next run proposes the rejected technique again and leaves out the confirmed one and T1003.
        JsonPath after = putSystemTags(report, Fixtures.systemTags("m2", "T1059.001", 0.95, "T1027", 0.6))
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(after.getList("tags.techniqueId")).containsExactly("T1027", "T1059.001", "T1566.001");
        assertThat(after.getList("tags.state")).containsExactly("PROPOSED", "REJECTED", "CONFIRMED");
        assertThat(after.getString("tags[1].modelId")).isEqualTo("m2");

        List<Map<String, Object>> history = history(report);
        assertThat(history)
                .extracting(row -> row.get("action") + " " + row.get("techniqueId"))
                .containsSubsequence(
                        "TAG_REJECTED T1059.001",
                        "TAG_CONFIRMED T1566.001",
                        "TAG_UPDATED T1059.001",
                        "TAG_PROPOSED T1027",
                        "TAG_REMOVED T1003");
        Map<String, Object> rejected = history.stream()
                .filter(row -> "TAG_REJECTED".equals(row.get("action")))
                .findFirst()
                .orElseThrow();
        assertThat(rejected)
                .containsEntry("oldValue", "PROPOSED")
                .containsEntry("newValue", "REJECTED")
                .containsEntry("actor", "alice");
    }

    @Test
    void shouldAddConfirmAndRemoveAnalystTags() {
        UUID report = Fixtures.report();
        given().contentType(ContentType.JSON)
                .header("X-User", "bob")
                .body(Map.of("techniqueId", "t1566/001", "note", "attachment in the lure mail"))
                .when()
                .post("/api/v1/reports/" + report + "/tags")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/reports/" + report + "/tags/T1566.001"))
                .body("version", equalTo(2))
                .body("tags[0].origin", equalTo("USER"))
                .body("tags[0].state", equalTo("CONFIRMED"))
                .body("tags[0].note", equalTo("attachment in the lure mail"));
        given().when()
                .get("/api/v1/reports/" + report + "/tags/T1566.001")
                .then()
                .statusCode(200)
                .body("createdBy", equalTo("bob"));
        // Adding it again changes nothing; a classifier run leaves it alone.
        given().contentType(ContentType.JSON)
                .body(Map.of("techniqueId", "T1566.001", "note", "attachment in the lure mail"))
                .when()
                .post("/api/v1/reports/" + report + "/tags")
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        putSystemTags(report, Fixtures.systemTags("m1", "T1566.001", 0.3))
                .statusCode(200)
                .body("version", equalTo(2))
                .body("tags[0].origin", equalTo("USER"));
        given().when()
                .delete("/api/v1/reports/" + report + "/tags/T1566.001")
                .then()
                .statusCode(204);
        given().when()
                .get("/api/v1/reports/" + report)
                .then()
                .body("tags", hasSize(0))
                .body("version", equalTo(3));
    }

    @Test
    void shouldConfirmAClassifierTagWhenAnAnalystAddsIt() {
        UUID report = Fixtures.report();
        putSystemTags(report, Fixtures.systemTags("m1", "T1003.001", 0.6));
        given().contentType(ContentType.JSON)
                .body(Map.of("techniqueId", "T1003.001"))
                .when()
                .post("/api/v1/reports/" + report + "/tags")
                .then()
                .statusCode(200)
                .body("tags[0].origin", equalTo("SYSTEM"))
                .body("tags[0].state", equalTo("CONFIRMED"));
    }

    @Test
    void shouldNameUnknownAndUnusableTechniqueIds() {
        UUID report = Fixtures.report();
        putSystemTags(report, Fixtures.systemTags("m1", "T9999", 0.5, "T1059.001", 0.5, "T1064", 0.5))
                .statusCode(422)
                .contentType(PROBLEM)
                .body("errors.field", contains("tags[0].techniqueId", "tags[2].techniqueId"))
                .body(
                        "errors.message",
                        contains(
                                startsWith("T9999 is not a technique of ATT&CK "),
                                startsWith("T1064 is deprecated in ATT&CK ")));
        given().contentType(ContentType.JSON)
                .body(Map.of("techniqueId", "lateral movement"))
                .when()
                .post("/api/v1/reports/" + report + "/tags")
                .then()
                .statusCode(422)
                .body("detail", equalTo("'lateral movement' is not an ATT&CK technique id"));
        given().when()
                .post("/api/v1/reports/" + report + "/tags/T1027/confirm")
                .then()
                .statusCode(404)
                .body("detail", equalTo("report " + report + " has no tag T1027"));
        given().when()
                .delete("/api/v1/reports/" + report + "/tags/T1027")
                .then()
                .statusCode(404);
        given().when().get("/api/v1/reports/" + report).then().body("version", equalTo(1));
    }

    @Test
    void shouldRejectConfidenceOutsideZeroToOne() {
        UUID report = Fixtures.report();
        putSystemTags(report, Fixtures.systemTags("m1", "T1059.001", 1.5))
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("tags[0].confidence"))
                .body("errors[0].message", equalTo("must be less than or equal to 1"));
        putSystemTags(report, Map.of("tags", List.of())).statusCode(400).body("errors[0].field", equalTo("modelId"));
    }

    @Test
    void shouldRejectEvidenceThatIsNoPassageOfTheText() {
        UUID report = Fixtures.report();
        int length =
                given().when().get("/api/v1/reports/" + report).then().extract().path("textLength");
        putSystemTags(report, run(List.of(Map.of("start", 5000, "end", 5010))))
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", contains("tags[0].evidence[0].end"))
                .body("errors[0].message", equalTo("must be at most the length of the report's text, " + length));
        putSystemTags(report, run(List.of(Map.of("start", 0, "end", length), Map.of("start", 9, "end", 4))))
                .statusCode(400)
                .body("detail", equalTo("tags[0].evidence[1].start: must be at most end, 4"));
        given().when().get("/api/v1/reports/" + report).then().body("version", equalTo(1));
        // The whole text is a passage.
        putSystemTags(report, run(List.of(Map.of("start", 0, "end", length)))).statusCode(200);

        String text = "Short " + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "title", "Inline", "text", text, "systemTags", run(List.of(Map.of("start", 2, "end", 5000)))))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", contains("systemTags.tags[0].evidence[0].end"))
                .body(
                        "errors[0].message",
                        equalTo("must be at most the length of the report's text, " + text.length()));
    }

    @Test
    void shouldAnswerNotFoundForTagsOfMissingReport() {
        UUID missing = UUID.randomUUID();
        putSystemTags(missing, Fixtures.systemTags("m1", "T1059.001", 0.5))
                .statusCode(404)
                .body("detail", equalTo("no report " + missing));
        given().when().get("/api/v1/reports/" + missing + "/history").then().statusCode(404);
    }

    @Test
    void shouldRecordCreationInHistory() {
        UUID report = Fixtures.report();
        List<Map<String, Object>> history = history(report);
        assertThat(history).hasSize(1);
        assertThat(history.get(0))
                .containsEntry("action", "REPORT_CREATED")
                .containsEntry("reportVersion", 1)
                .containsEntry("actor", "ingest");
    }

    @Test
    void shouldStoreInlineProposalsWithTheNewReportInOneVersion() {
        Map<String, Object> run = Fixtures.systemTags("m1", "t1059/001", 0.93, "T1566-001", 0.4, "T1086", 0.5);
        JsonPath created = given().contentType(ContentType.JSON)
                .header("X-User", "ingest")
                .body(Map.of("title", "Inline tags", "text", "Inline " + UUID.randomUUID(), "systemTags", run))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        UUID report = UUID.fromString(created.getString("id"));
        // As a PUT would store them: ids normalised, the revoked T1086 folded into T1059.001 at the higher confidence.
        assertThat(created.getLong("version")).isEqualTo(1);
        assertThat(created.getList("tags.techniqueId")).containsExactly("T1059.001", "T1566.001");
        assertThat(created.getList("tags.state")).containsOnly("PROPOSED");
        assertThat(created.getList("tags.origin")).containsOnly("SYSTEM");
        assertThat(created.getList("tags.createdBy")).containsOnly("ingest");
        assertThat(created.getString("tags[0].name")).isEqualTo("PowerShell");
        assertThat(created.getString("tags[0].modelId")).isEqualTo("m1");
        assertThat(created.getDouble("tags[0].confidence")).isEqualTo(0.93);
        assertThat(created.getInt("tags[0].evidence[0].end")).isEqualTo(9);
        given().when()
                .get("/api/v1/reports/" + report)
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("tags.techniqueId", contains("T1059.001", "T1566.001"));

        List<Map<String, Object>> history = history(report);
        assertThat(history)
                .extracting(row -> row.get("action") + " " + row.get("techniqueId"))
                .containsExactly("REPORT_CREATED null", "TAG_PROPOSED T1059.001", "TAG_PROPOSED T1566.001");
        assertThat(history).extracting(row -> row.get("reportVersion")).containsOnly(1);
        assertThat(history).extracting(row -> row.get("actor")).containsOnly("ingest");
        assertThat(history.get(1)).containsEntry("newValue", "PROPOSED SYSTEM confidence 0.9300 model m1 evidence 1");

        // The same run put afterwards changes nothing; the review rules hold for the inline proposals.
        putSystemTags(report, run).statusCode(200).body("version", equalTo(1));
        assertThat(history(report)).hasSize(3);
        given().when()
                .delete("/api/v1/reports/" + report + "/tags/T1059.001")
                .then()
                .statusCode(204);
        putSystemTags(report, Fixtures.systemTags("m2", "T1059.001", 0.99))
                .statusCode(200)
                .body("version", equalTo(3))
                .body("tags.techniqueId", contains("T1059.001"))
                .body("tags[0].state", equalTo("REJECTED"));
    }

    @Test
    void shouldCreateReportWithoutTagsFromAnEmptyInlineRun() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "title",
                        "Empty run",
                        "text",
                        "Nothing found " + UUID.randomUUID(),
                        "systemTags",
                        Map.of("modelId", "m1", "tags", List.of())))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .body("version", equalTo(1))
                .body("tags", hasSize(0));
    }

    @Test
    void shouldStoreNothingWhenInlineProposalsAreUnusable() {
        String text = "Unusable inline tags " + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "title",
                        "Bad tags",
                        "text",
                        text,
                        "systemTags",
                        Fixtures.systemTags("m1", "T9999", 0.5, "T1059.001", 0.5, "T1064", 0.5)))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("errors.field", contains("systemTags.tags[0].techniqueId", "systemTags.tags[2].techniqueId"))
                .body(
                        "errors.message",
                        contains(
                                startsWith("T9999 is not a technique of ATT&CK "),
                                startsWith("T1064 is deprecated in ATT&CK ")));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "title", "Bad confidence", "text", text, "systemTags", Fixtures.systemTags("m1", "T1027", 1.5)))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("systemTags.tags[0].confidence"))
                .body("errors[0].message", equalTo("must be less than or equal to 1"));
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "No model", "text", text, "systemTags", Map.of("tags", List.of())))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("systemTags.modelId"));
        // Nothing was stored: the same text is not a duplicate.
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Good", "text", text))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(201);
    }

    @Test
    void shouldLeaveTheExistingReportAloneWhenADuplicateCarriesTags() {
        String text = "Duplicate with tags " + UUID.randomUUID();
        String first = given().contentType(ContentType.JSON)
                .body(Map.of("title", "First", "text", text))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "Again", "text", text, "systemTags", Fixtures.systemTags("m1", "T1027", 0.7)))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("existingId", equalTo(first));
        given().when()
                .get("/api/v1/reports/" + first)
                .then()
                .body("version", equalTo(1))
                .body("tags", hasSize(0));
        assertThat(history(UUID.fromString(first))).hasSize(1);
    }

    /** A model run with one proposal, on T1027, with the given evidence. */
    private static Map<String, Object> run(List<Map<String, Object>> evidence) {
        return Map.of(
                "modelId",
                "m1",
                "tags",
                List.of(Map.of("techniqueId", "T1027", "confidence", 0.5, "evidence", evidence)));
    }

    private static io.restassured.response.ValidatableResponse putSystemTags(UUID report, Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .header("X-User", "classifier")
                .body(body)
                .when()
                .put("/api/v1/reports/" + report + "/system-tags")
                .then();
    }

    private static List<Map<String, Object>> history(UUID report) {
        return given().when()
                .get("/api/v1/reports/" + report + "/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }
}
