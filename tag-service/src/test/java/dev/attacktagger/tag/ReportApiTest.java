package dev.attacktagger.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(SearchReceiverResource.class)
class ReportApiTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/api/v1/reports")
    URL reports;

    @Test
    void shouldCreateReportWithLocationAndVersionOne() {
        String text = "Stage two\u00a0loader FETCHED the payload. " + UUID.randomUUID();
        Response response = given().contentType(ContentType.JSON)
                .header("X-Organisation", "acme")
                .header("X-User", "alice")
                .body(Map.of(
                        "title", "  Loader report ",
                        "source", "vendor blog",
                        "url", "https://blog.example/loader",
                        "publishedAt", "2024-05-01",
                        "text", text,
                        "language", "en",
                        "indicators", List.of(Map.of("type", "ipv4", "value", "203.0.113.7")),
                        "entities", List.of(Map.of("attackId", "S0002", "name", "Mimikatz", "kind", "TOOL"))))
                .when()
                .post("/api/v1/reports");
        response.then()
                .statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/reports/[0-9a-f-]{36}$"))
                .body("title", equalTo("Loader report"))
                .body("organisation", equalTo("acme"))
                .body("createdBy", equalTo("alice"))
                .body("version", equalTo(1))
                .body("publishedAt", equalTo("2024-05-01"))
                .body("textLength", equalTo(text.length()))
                .body("contentHash", matchesPattern("[0-9a-f]{64}"))
                .body("indicators[0].value", equalTo("203.0.113.7"))
                .body("entities[0].name", equalTo("Mimikatz"))
                .body("tags", hasSize(0));
        String id = response.jsonPath().getString("id");
        // What the database holds is what the creation answered.
        given().header("X-Organisation", "acme")
                .when()
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(200)
                .body("text", equalTo(text))
                .body("title", equalTo("Loader report"))
                .body("source", equalTo("vendor blog"))
                .body("url", equalTo("https://blog.example/loader"))
                .body("publishedAt", equalTo("2024-05-01"))
                .body("language", equalTo("en"))
                .body("textLength", equalTo(text.length()))
                .body("contentHash", equalTo(response.jsonPath().getString("contentHash")))
                .body("indicators[0].type", equalTo("ipv4"))
                .body("indicators[0].value", equalTo("203.0.113.7"))
                .body("entities[0].attackId", equalTo("S0002"))
                .body("entities[0].kind", equalTo("TOOL"))
                .body("createdBy", equalTo("alice"))
                .body("createdAt", equalTo(response.jsonPath().getString("createdAt")))
                .body("updatedAt", equalTo(response.jsonPath().getString("createdAt")))
                .body("version", equalTo(1));
    }

    @Test
    void shouldAnswerConflictWithExistingIdForSameContentInSameOrganisation() {
        String marker = UUID.randomUUID().toString();
        String first = create("dup-org", "The  Dropper wrote FILES.\n" + marker)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // Case, width and whitespace differ, the normalised text does not.
        create("dup-org", "  the dropper   wrote ｆｉｌｅｓ. " + marker + "\t")
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("status", equalTo(409))
                .body("existingId", equalTo(first))
                .body("detail", equalTo("a report with the same content already exists: " + first));
        create("other-org", "The  Dropper wrote FILES.\n" + marker).then().statusCode(201);
    }

    @Test
    void shouldCreateOnlyOneReportWhenTheSameContentRaces() throws Exception {
        String text = "Race " + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> create("race-org", text)));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Response> call : calls) {
                Response response = call.get();
                statuses.add(response.statusCode());
                ids.add(
                        response.statusCode() == 201
                                ? response.jsonPath().getString("id")
                                : response.jsonPath().getString("existingId"));
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldHideReportsOfOtherOrganisations() {
        UUID id = Fixtures.report("org-a");
        given().header("X-Organisation", "org-b")
                .when()
                .get("/api/v1/reports/" + id)
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("detail", equalTo("no report " + id))
                .body("instance", equalTo("/api/v1/reports/" + id));
    }

    @Test
    void shouldAnswerNotFoundForMalformedId() {
        given().when()
                .get("/api/v1/reports/not-a-uuid")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("no report not-a-uuid: not a report id"));
    }

    @Test
    void shouldRejectEmptyTitleWithFieldErrors() {
        given().contentType(ContentType.JSON)
                .body(Map.of("title", " ", "text", "some text " + UUID.randomUUID()))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("https://attack-tagger.dev/problems/400"))
                .body("detail", equalTo("title: must not be blank"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("title"))
                .body("errors[0].message", equalTo("must not be blank"));
    }

    @Test
    void shouldNameEveryInvalidField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "", "text", "", "indicators", List.of(Map.of("type", "ipv4", "value", ""))))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("detail", equalTo("3 fields are invalid"))
                .body("errors.field", contains("indicators[0].value", "text", "title"));
    }

    @Test
    void shouldRejectTheNulCharacterInAnyTextFieldNamingIt() {
        String[] bodies = {
            "{\"title\": \"a\\u0000b\", \"text\": \"x\"}",
            "{\"title\": \"t\", \"text\": \"x\\u0000\"}",
            "{\"title\": \"t\", \"text\": \"x\", \"source\": \"\\u0000\"}",
            "{\"title\": \"t\", \"text\": \"x\", \"indicators\": [{\"type\": \"ipv4\", \"value\": \"1\\u0000\"}]}",
            "{\"title\": \"t\", \"text\": \"x\", \"systemTags\": {\"modelId\": \"m\", \"tags\": [{\"techniqueId\":"
                    + " \"T1027\", \"confidence\": 0.5, \"evidence\": [{\"start\": 0, \"end\": 1, \"text\": \"\\u0000\"}]}]}}"
        };
        String[] fields = {"title", "text", "source", "indicators[0].value", "systemTags.tags[0].evidence[0].text"};
        for (int i = 0; i < bodies.length; i++) {
            given().contentType(ContentType.JSON)
                    .body(bodies[i])
                    .when()
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body("errors[0].field", equalTo(fields[i]))
                    .body("errors[0].message", equalTo("must not contain the NUL character"));
        }
    }

    @Test
    void shouldRejectALoneSurrogateInsteadOfStoringAnotherCharacter() {
        given().contentType(ContentType.JSON)
                .body("{\"title\": \"a\\ud800b\", \"text\": \"x\"}")
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("title"))
                .body(
                        "errors[0].message",
                        equalTo("must be valid Unicode text: it has a lone surrogate at character 1"));
        // A pair is a character like any other, and is stored as it was sent.
        String text = "Emoji \ud83d\ude00 " + UUID.randomUUID();
        String id = create("surrogates", text).then().statusCode(201).extract().path("id");
        given().header("X-Organisation", "surrogates")
                .when()
                .get("/api/v1/reports/" + id)
                .then()
                .body("text", equalTo(text));
    }

    @Test
    void shouldRejectNullListItemsNamingTheirIndex() {
        Map<String, String> fields = Map.of(
                "\"indicators\": [{\"type\": \"ipv4\", \"value\": \"1\"}, null]",
                "indicators[1]",
                "\"entities\": [null]",
                "entities[0]",
                "\"systemTags\": {\"modelId\": \"m\", \"tags\": [null]}",
                "systemTags.tags[0]",
                "\"systemTags\": {\"modelId\": \"m\", \"tags\": [{\"techniqueId\": \"T1027\", \"confidence\": 0.5,"
                        + " \"evidence\": [null]}]}",
                "systemTags.tags[0].evidence[0]");
        fields.forEach((list, field) -> given().contentType(ContentType.JSON)
                .body("{\"title\": \"t\", \"text\": \"u\", " + list + "}")
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", contains(field))
                .body("errors[0].message", equalTo("must not be null")));
    }

    @Test
    void shouldRejectPublishedAtOutsideTheYears1900To2200() {
        for (String date : List.of("-5000-01-01", "0000-01-01", "+999999999-12-31", "1899-12-31", "2201-01-01")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("title", "t", "text", "u " + UUID.randomUUID(), "publishedAt", date))
                    .when()
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body("errors.field", contains("publishedAt"))
                    .body("errors[0].message", equalTo("must be a date in the years 1900 to 2200"));
        }
        for (String date : List.of("1900-01-01", "2200-12-31")) {
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("title", "t", "text", "u " + UUID.randomUUID(), "publishedAt", date))
                    .when()
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            given().when().get("/api/v1/reports/" + id).then().body("publishedAt", equalTo(date));
        }
    }

    @Test
    void shouldRejectAUrlThatIsNotAnAbsoluteHttpUrl() {
        for (String url :
                List.of("javascript:alert(1)", "not a url", "ftp://files.example/a", "/relative", "https://")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("title", "t", "text", "u " + UUID.randomUUID(), "url", url))
                    .when()
                    .post("/api/v1/reports")
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM)
                    .body("errors.field", contains("url"))
                    .body("errors[0].message", equalTo("must be an absolute http or https URL"));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "t", "text", "u " + UUID.randomUUID(), "url", "HTTP://Blog.Example:8080/a?b=c"))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .body("url", equalTo("HTTP://Blog.Example:8080/a?b=c"));
    }

    @Test
    void shouldAnswerABodyOverTheLimitWithAProblem() throws Exception {
        // Only the headers are sent: the service answers from the declared length, before reading any of the body.
        try (Socket socket = new Socket(reports.getHost(), reports.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "POST " + reports.getPath() + " HTTP/1.1\r\nHost: " + reports.getHost()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n{";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response)
                    .startsWith("HTTP/1.1 413")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"status\":413")
                    .contains("\"detail\":\"the request body is too large: at most 10485760 bytes are accepted\"")
                    .contains("\"instance\":\"/api/v1/reports\"");
        }
    }

    @Test
    void shouldRejectMalformedJsonSayingWhere() {
        given().contentType(ContentType.JSON)
                .body("{\"title\": \"x\",\n \"text\": }")
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("malformed JSON at line 2, column"));
    }

    @Test
    void shouldRejectWrongFieldType() {
        given().contentType(ContentType.JSON)
                .body("{\"title\": \"x\", \"text\": \"y\", \"publishedAt\": \"yesterday\"}")
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("publishedAt"));
    }

    @Test
    void shouldRejectAScalarOfAnotherTypeInsteadOfConvertingIt() {
        given().contentType(ContentType.JSON)
                .body("{\"title\": true, \"text\": \"y\"}")
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("title"));
    }

    @Test
    void shouldRejectMissingBody() {
        given().contentType(ContentType.JSON)
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", equalTo("must not be null"));
    }

    @Test
    void shouldRejectWrongMediaType() {
        given().contentType(ContentType.TEXT)
                .body("title=x")
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(415)
                .contentType(PROBLEM)
                .body("detail", equalTo("the request body must be application/json"));
    }

    @Test
    void shouldListByTechniqueIncludingSubTechniquesOfAParent() {
        String org = "list-" + UUID.randomUUID();
        UUID powershell = Fixtures.report(org);
        UUID shell = Fixtures.report(org);
        UUID phishing = Fixtures.report(org);
        UUID rejected = Fixtures.report(org);
        tag(org, powershell, "T1059.001");
        tag(org, shell, "T1059.003");
        tag(org, phishing, "T1566.001");
        tag(org, rejected, "T1059.001");
        given().header("X-Organisation", org)
                .when()
                .delete("/api/v1/reports/" + rejected + "/tags/T1059.001")
                .then()
                .statusCode(204);

        given().header("X-Organisation", org)
                .queryParam("technique", "t1059")
                .when()
                .get("/api/v1/reports")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", contains(shell.toString(), powershell.toString()))
                .body("items[0].text", nullValue());
        given().header("X-Organisation", org)
                .queryParam("technique", "t1059/001")
                .when()
                .get("/api/v1/reports")
                .then()
                .body("items.id", contains(powershell.toString()));
        // A revoked id stands for its replacement.
        given().header("X-Organisation", org)
                .queryParam("technique", "T1086")
                .when()
                .get("/api/v1/reports")
                .then()
                .body("items.id", contains(powershell.toString()));
        given().header("X-Organisation", org)
                .queryParam("tactic", "Initial Access")
                .when()
                .get("/api/v1/reports")
                .then()
                .body("items.id", contains(phishing.toString()));
        given().header("X-Organisation", org)
                .queryParam("size", 1)
                .queryParam("page", 1)
                .when()
                .get("/api/v1/reports")
                .then()
                .body("total", equalTo(4))
                .body("size", equalTo(1))
                .body("page", equalTo(1))
                .body("items.id", contains(phishing.toString()));
        given().header("X-Organisation", org)
                .queryParam("since", "2999-01-01")
                .when()
                .get("/api/v1/reports")
                .then()
                .body("total", equalTo(0));
    }

    @Test
    void shouldRejectBadListingParameters() {
        given().queryParam("technique", "T9999")
                .when()
                .get("/api/v1/reports")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("detail", matchesPattern("T9999 is not a technique of ATT&CK \\d+\\.\\d+"))
                .body("errors[0].field", equalTo("technique"));
        given().queryParam("technique", "powershell")
                .when()
                .get("/api/v1/reports")
                .then()
                .statusCode(422)
                .body("detail", equalTo("'powershell' is not an ATT&CK technique id"));
        given().queryParam("tactic", "teleportation")
                .when()
                .get("/api/v1/reports")
                .then()
                .statusCode(422)
                .body("detail", equalTo("'teleportation' is not an ATT&CK tactic of this catalogue"));
        given().queryParam("size", 1000)
                .when()
                .get("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("detail", equalTo("size must be a whole number from 1 to 100, found '1000'"));
        given().queryParam("page", "x")
                .when()
                .get("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("page"));
        given().queryParam("since", "last week")
                .when()
                .get("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("since"));
    }

    @Test
    void shouldServeOpenApiHealthAndMetrics() {
        given().when()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/reports'.post.responses.'409'", notNullValue())
                .body("paths.'/api/v1/reports'.post.responses.'422'", notNullValue())
                .body("components.schemas.NewReport.properties.systemTags", notNullValue())
                .body("paths.'/api/v1/reports/{id}/system-tags'.put.responses.'422'", notNullValue());
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    private static Response create(String organisation, String text) {
        return given().contentType(ContentType.JSON)
                .header("X-Organisation", organisation)
                .body(Map.of("title", "Duplicate check", "text", text))
                .when()
                .post("/api/v1/reports");
    }

    private static void tag(String organisation, UUID report, String technique) {
        given().contentType(ContentType.JSON)
                .header("X-Organisation", organisation)
                .body(Fixtures.systemTags("m1", technique, 0.8))
                .when()
                .put("/api/v1/reports/" + report + "/system-tags")
                .then()
                .statusCode(200);
    }
}
