package dev.attacktagger.ingest.documents;

import static dev.attacktagger.ingest.documents.IngestApiTestSupport.await;
import static dev.attacktagger.ingest.documents.IngestApiTestSupport.awaitEnd;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.attacktagger.ingest.testing.FakePeers;
import dev.attacktagger.ingest.testing.FakePeersResource;
import dev.attacktagger.ingest.testing.Fixtures;
import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(FakePeersResource.class)
class DocumentApiTest {

    private final FakePeers peers = FakePeersResource.peers();

    @TestHTTPResource("/api/v1/documents")
    URI documents;

    @AfterEach
    void healPeers() {
        peers.classifyAnswers(0);
        peers.tagAnswers(0);
    }

    private static String submitText(String title, String text) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("title", title, "text", text))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
    }

    private static Response upload(String fileName, String mediaType, byte[] bytes) {
        return given().multiPart("file", fileName, bytes, mediaType)
                .multiPart("source", "unit test")
                .when()
                .post("/api/v1/documents");
    }

    private static String uploadAccepted(String fileName, String mediaType, byte[] bytes) {
        return upload(fileName, mediaType, bytes)
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
    }

    @Test
    void shouldTagTextPostedAsJsonAndStoreItsIndicatorsAndEntities() {
        String text = "The operators sent spearphishing mail with a link to hxxp://invoice-portal[.]com/pay and"
                + " ran Mimikatz on the hosts they reached at 203.0.113[.]14.";

        Response accepted = given().contentType(ContentType.JSON)
                .header("X-User", "alice")
                .body(Map.of("title", "Invoice phishing", "text", text, "publishedAt", "2024-05-01"))
                .when()
                .post("/api/v1/documents");

        accepted.then()
                .statusCode(202)
                .header("Location", matchesPattern("/api/v1/jobs/[0-9a-f-]{36}"))
                // A worker may pick the job up before the answer is written, so any state of a job under way is
                // correct here; the job's own id is what must come back.
                .body("state", oneOf("queued", "extracting", "classifying", "storing", "done"))
                .body("id", equalTo(accepted.header("Location").substring("/api/v1/jobs/".length())));
        JsonPath job = awaitEnd(accepted.header("Location"));
        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getBoolean("duplicate")).isFalse();
        assertThat(job.getString("language")).isEqualTo("en");
        assertThat(job.getList("tags.techniqueId")).containsExactly("T1566.001");
        JsonNode report = peers.report(job.getString("reportId"));
        assertThat(report.path("text").asText()).isEqualTo(text);
        assertThat(report.path("title").asText()).isEqualTo("Invoice phishing");
        assertThat(report.path("publishedAt").asText()).isEqualTo("2024-05-01");
        assertThat(report.path("organisation").asText()).isEqualTo("default");
        assertThat(report.path("indicators").toString())
                .isEqualTo("[{\"type\":\"url\",\"value\":\"http://invoice-portal.com/pay\"},"
                        + "{\"type\":\"ipv4\",\"value\":\"203.0.113.14\"}]");
        assertThat(report.path("entities").toString())
                .isEqualTo("[{\"attackId\":\"S0002\",\"name\":\"Mimikatz\",\"kind\":\"TOOL\"}]");
        JsonNode systemTags = peers.systemTags(job.getString("reportId"));
        assertThat(systemTags.path("modelId").asText()).isEqualTo(FakePeers.MODEL_ID);
        assertThat(systemTags.path("tags").get(0).path("techniqueId").asText()).isEqualTo("T1566.001");
        assertThat(systemTags
                        .path("tags")
                        .get(0)
                        .path("evidence")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("spearphishing");
    }

    @Test
    void shouldRecordWhenTheJobEnteredEachState() {
        JsonPath job = awaitEnd(submitText("States", "A PowerShell one-liner fetched the states report."));

        assertThat(job.getString("state")).isEqualTo("done");
        Instant queued = Instant.parse(job.getString("timeline.queuedAt"));
        Instant extracting = Instant.parse(job.getString("timeline.extractingAt"));
        Instant classifying = Instant.parse(job.getString("timeline.classifyingAt"));
        Instant storing = Instant.parse(job.getString("timeline.storingAt"));
        Instant finished = Instant.parse(job.getString("timeline.finishedAt"));
        assertThat(List.of(queued, extracting, classifying, storing, finished)).isSorted();
    }

    @Test
    void shouldTagAPdf() {
        byte[] pdf = Fixtures.pdf(List.of("PDF report: spearphishing attachments were sent to staff."));

        JsonPath job = awaitEnd(uploadAccepted("report.pdf", "application/pdf", pdf));

        assertDone(job, "PDF report: spearphishing attachments were sent to staff.", "application/pdf");
    }

    @Test
    void shouldTagADocx() {
        byte[] docx = Fixtures.docx(List.of("DOCX report.", "PowerShell was started from a macro."));

        JsonPath job = awaitEnd(uploadAccepted(
                "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx));

        assertDone(
                job,
                "DOCX report.\n\nPowerShell was started from a macro.",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    @Test
    void shouldTagALegacyWordDocument() {
        JsonPath job = awaitEnd(uploadAccepted("legacy.doc", "application/msword", Fixtures.legacyDoc()));

        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getString("mediaType")).isEqualTo("application/msword");
        String text = peers.report(job.getString("reportId")).path("text").asText();
        assertThat(text).contains("The operators sent spearphishing attachments to finance staff.");
        assertThat(peers.report(job.getString("reportId")).path("indicators").toString())
                .contains("http://invoice-update.com/stage2");
    }

    @Test
    void shouldTagAnRtfDocument() {
        JsonPath job = awaitEnd(
                uploadAccepted("report.rtf", "application/rtf", Fixtures.rtf("RTF report: a PowerShell loader ran.")));

        assertDone(job, "RTF report: a PowerShell loader ran.", "application/rtf");
    }

    @Test
    void shouldTagAnHtmlPage() {
        String html = "<html><head><title>HTML report</title></head><body><nav><a href=\"/\">Home</a></nav>"
                + "<article><p>HTML report: spearphishing links led to a fake login page.</p></article></body></html>";

        JsonPath job = awaitEnd(uploadAccepted("post.html", "text/html", html.getBytes(StandardCharsets.UTF_8)));

        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getString("title")).isEqualTo("HTML report");
        assertThat(peers.report(job.getString("reportId")).path("text").asText())
                .contains("HTML report: spearphishing links led to a fake login page.");
    }

    @Test
    void shouldTagPlainTextAndMarkdownFiles() {
        JsonPath text = awaitEnd(uploadAccepted(
                "notes.txt", "text/plain", "TXT report: PowerShell again.".getBytes(StandardCharsets.UTF_8)));
        JsonPath markdown = awaitEnd(uploadAccepted(
                "notes.md",
                "text/markdown",
                "# Markdown report\n\nThe **spearphishing** wave went on.".getBytes(StandardCharsets.UTF_8)));

        assertDone(text, "TXT report: PowerShell again.", "text/plain");
        assertThat(markdown.getString("state")).isEqualTo("done");
        assertThat(markdown.getString("title")).isEqualTo("Markdown report");
        assertThat(peers.report(markdown.getString("reportId")).path("text").asText())
                .contains("The spearphishing wave went on.");
    }

    @Test
    void shouldImportStixReportsWithTheirTechniqueMappingAsUserTags() {
        String bundle = Fixtures.stixBundle(
                "Bundle wave", "STIX report: spearphishing mail, then a scheduled task for persistence.");

        JsonPath job =
                awaitEnd(uploadAccepted("bundle.json", "application/json", bundle.getBytes(StandardCharsets.UTF_8)));

        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getString("title")).isEqualTo("Bundle wave");
        String reportId = job.getString("reportId");
        JsonNode report = peers.report(reportId);
        assertThat(report.path("text").asText())
                .isEqualTo("STIX report: spearphishing mail, then a scheduled task for persistence.");
        assertThat(report.path("publishedAt").asText()).isEqualTo("2024-05-01");
        assertThat(report.path("url").asText()).isEqualTo("https://vendor.example.com/blog/wave");
        assertThat(peers.userTags(reportId))
                .extracting(tag -> tag.path("techniqueId").asText())
                .containsExactly("T1566.001", "T1053.005");
        assertThat(peers.userTags(reportId).get(0).path("note").asText()).isEqualTo("imported from a STIX bundle");
        assertThat(job.getList("tags.origin")).contains("SYSTEM", "USER");
        // An imported technique the classifier also found confirms its tag in tag-service: listed once.
        List<String> listed = job.getList("tags.techniqueId", String.class);
        assertThat(listed).doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepThePartsOfAStixBundleThatCouldBeReadAndWarnAboutTheRest() {
        String bundle = """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "report", "id": "report--1", "name": "Readable", "description": "Partial bundle: PowerShell."},
                  {"type": "report", "id": "report--2", "name": "Empty one"}
                ]}""";

        JsonPath job =
                awaitEnd(uploadAccepted("partial.json", "application/json", bundle.getBytes(StandardCharsets.UTF_8)));

        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getList("reports")).hasSize(1);
        assertThat(job.getList("warnings", String.class))
                .containsExactly("STIX report \"Empty one\" has no description and was skipped");
    }

    @Test
    void shouldStoreEachReportOfABundleOnItsOwnAndEndPartialWhenOneCannotBeStored() {
        String bundle = """
                {"type": "bundle", "id": "bundle--9", "objects": [
                  {"type": "attack-pattern", "id": "attack-pattern--1",
                   "external_references": [{"source_name": "mitre-attack", "external_id": "T1566.001"}]},
                  {"type": "attack-pattern", "id": "attack-pattern--2",
                   "external_references": [{"source_name": "mitre-attack", "external_id": "%s"}]},
                  {"type": "report", "id": "report--1", "name": "First", "published": "2024-05-01T10:00:00Z",
                   "description": "Bundle of four, first: spearphishing.", "object_refs": ["attack-pattern--1"]},
                  {"type": "report", "id": "report--2", "name": "Unknown tag",
                   "description": "Bundle of four, second: an unknown technique.",
                   "object_refs": ["attack-pattern--2", "attack-pattern--1"]},
                  {"type": "report", "id": "report--3", "name": "Refused",
                   "description": "Bundle of four, third: %s.", "object_refs": ["attack-pattern--1"]},
                  {"type": "report", "id": "report--4", "name": "Odd date", "published": "last tuesday",
                   "description": "Bundle of four, fourth: PowerShell."}
                ]}""".formatted(FakePeers.UNKNOWN_TECHNIQUE, FakePeers.REJECTED_MARKER);

        JsonPath job =
                awaitEnd(uploadAccepted("four.json", "application/json", bundle.getBytes(StandardCharsets.UTF_8)));

        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("partial");
        assertThat(job.getString("reason"))
                .isEqualTo("1 of 4 reports could not be stored; each says why in reports[].reason");
        assertThat(job.getList("reports.state")).containsExactly("stored", "stored", "failed", "stored");
        String second = job.getString("reports[1].reportId");
        assertThat(peers.report(second).path("text").asText())
                .isEqualTo("Bundle of four, second: an unknown technique.");
        assertThat(peers.userTags(second))
                .extracting(tag -> tag.path("techniqueId").asText())
                .containsExactly("T1566.001");
        assertThat(job.getList("reports[1].tags.techniqueId")).containsExactly("T1566.001");
        assertThat(job.getList("reports[1].warnings", String.class))
                .singleElement()
                .asString()
                .startsWith("the imported tag T9999 was dropped: tag-service refused tag T9999")
                .endsWith("(422): unknown technique T9999");
        assertThat(job.getString("reports[2].reportId")).isNull();
        assertThat(job.getList("reports[2].tags")).isEmpty();
        assertThat(job.getString("reports[2].reason"))
                .isEqualTo("tag-service refused the report (422): the report text contains a marker tag-service"
                        + " refuses");
        JsonNode fourth = peers.report(job.getString("reports[3].reportId"));
        assertThat(fourth.path("text").asText()).isEqualTo("Bundle of four, fourth: PowerShell.");
        assertThat(fourth.path("publishedAt").isNull()).isTrue();
        assertThat(job.getList("reports[3].warnings", String.class))
                .containsExactly(
                        "the report's published date \"last tuesday\" is not an ISO-8601 timestamp and was left out");
        assertThat(job.getString("reportId")).isEqualTo(job.getString("reports[0].reportId"));
    }

    @Test
    void shouldFailABundleWhenNoneOfItsReportsCanBeStored() {
        String bundle = """
                {"type": "bundle", "id": "bundle--10", "objects": [
                  {"type": "report", "id": "report--1", "name": "A", "description": "None stored, one: %1$s."},
                  {"type": "report", "id": "report--2", "name": "B", "description": "None stored, two: %1$s."}
                ]}""".formatted(FakePeers.REJECTED_MARKER);

        JsonPath job =
                awaitEnd(uploadAccepted("none.json", "application/json", bundle.getBytes(StandardCharsets.UTF_8)));

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason")).startsWith("none of the 2 reports could be stored; the first: tag-service");
        assertThat(job.getList("reports.state")).containsExactly("failed", "failed");
    }

    @Test
    void shouldRecordTheLanguageOfNonEnglishText() {
        JsonPath job = awaitEnd(submitText(
                "Bericht",
                "Die Angreifer haben eine PowerShell Datei auf dem Server gespeichert und danach mit einem Skript"
                        + " ausgeführt, um weitere Rechner im Netzwerk zu erreichen."));

        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getString("language")).isEqualTo("de");
        assertThat(peers.report(job.getString("reportId")).path("language").asText())
                .isEqualTo("de");
    }

    @Test
    void shouldReturnTheExistingReportForTheSameContentInAnotherFormat() {
        JsonPath first = awaitEnd(submitText("Original", "Dedup report: the crew used PowerShell for discovery."));
        int reports = peers.reportCount();

        JsonPath second = awaitEnd(uploadAccepted(
                "copy.txt",
                "text/plain",
                "DEDUP REPORT:   the crew used\nPowerShell for discovery.".getBytes(StandardCharsets.UTF_8)));

        assertThat(first.getBoolean("duplicate")).isFalse();
        assertThat(second.getString("state")).isEqualTo("done");
        assertThat(second.getBoolean("duplicate")).isTrue();
        assertThat(second.getString("reportId")).isEqualTo(first.getString("reportId"));
        assertThat(peers.reportCount()).isEqualTo(reports);
        // The job shows the stored report as it is, not what this upload would have made of it.
        assertThat(second.getString("reports[0].title")).isEqualTo("Original");
        assertThat(second.getList("tags")).isEmpty();
    }

    @Test
    void shouldWaitWhileTheClassifierAnswers503AndFinishWhenItRecovers() {
        peers.classifyAnswers(503);

        String location = submitText("Retry", "Retry report: PowerShell while the classifier was busy.");
        JsonPath waiting = await(location, job -> job.getInt("attempts") >= 2, Duration.ofSeconds(30));
        peers.classifyAnswers(0);
        JsonPath done = awaitEnd(location);

        assertThat(waiting.getString("state")).isEqualTo("classifying");
        assertThat(waiting.getString("lastError")).contains("classify-service answered 503 classifier is busy");
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getList("tags.techniqueId")).containsExactly("T1059.001");
    }

    @Test
    void shouldWaitWhileTheClassifierRefusesConnections() {
        peers.stopClassify();
        String location;
        JsonPath waiting;
        try {
            location = submitText("Refused", "Refused report: PowerShell while the classifier was down.");
            waiting = await(location, job -> job.getInt("attempts") >= 1, Duration.ofSeconds(30));
        } finally {
            peers.startClassify();
        }

        JsonPath done = awaitEnd(location);

        assertThat(waiting.getString("state")).isEqualTo("classifying");
        assertThat(waiting.getString("lastError"))
                .contains("classify-service at " + peers.classifyUrl() + " cannot be reached");
        assertThat(done.getString("state")).isEqualTo("done");
    }

    @Test
    void shouldWaitWhileTagServiceIsUnavailable() {
        peers.tagAnswers(503);

        String location = submitText("Tag down", "Tag down report: spearphishing while storage was away.");
        JsonPath waiting = await(location, job -> job.getInt("attempts") >= 1, Duration.ofSeconds(30));
        peers.tagAnswers(0);
        JsonPath done = awaitEnd(location);

        assertThat(waiting.getString("state")).isEqualTo("storing");
        assertThat(done.getString("state")).isEqualTo("done");
    }

    @Test
    void shouldFailTheJobWhenTagServiceRefusesTheDocument() {
        JsonPath job = awaitEnd(submitText("Refused", "This text has the " + FakePeers.REJECTED_MARKER + " in it."));

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason"))
                .isEqualTo("tag-service refused the report (422): the report text contains a marker tag-service"
                        + " refuses");
    }

    @Test
    void shouldFailAnEncryptedPdfAndSaySo() {
        byte[] pdf = Fixtures.encryptedPdf(List.of("Secret PowerShell notes."));

        JsonPath job = awaitEnd(uploadAccepted("secret.pdf", "application/pdf", pdf));

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason"))
                .isEqualTo("the PDF is encrypted (password protected); remove the password and send it again");
    }

    @Test
    void shouldFailADocumentWithoutText() {
        JsonPath job = awaitEnd(uploadAccepted("blank.pdf", "application/pdf", Fixtures.pdf(List.of())));

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason")).isEqualTo("no text: the PDF has no text layer (scanned image?)");
    }

    @Test
    void shouldStopACompressionBombWithTheExtractorsLimits() {
        byte[] bomb = Fixtures.docxBomb(64);
        assertThat(bomb.length).isLessThan(1024 * 1024);

        JsonPath job = awaitEnd(uploadAccepted(
                "bomb.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bomb));

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason")).containsAnyOf("compression bomb", "longer than the limit");
    }

    @Test
    void shouldRefuseAnUploadOverTheLimitWith413() {
        byte[] big = "x".repeat(1024 * 1024 + 100 * 1024).getBytes(StandardCharsets.US_ASCII);

        upload("big.txt", "text/plain", big)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("title", equalTo("Content Too Large"))
                .body("detail", containsString("more than the upload limit of 1048576 bytes"));
    }

    @Test
    void shouldRefuseTextOverTheLimitWith413() {
        String text = "y".repeat(1024 * 1024 + 10);

        given().contentType(ContentType.JSON)
                .body(Map.of("text", text))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", equalTo("the document is 1048586 bytes, more than the upload limit of 1048576 bytes"));
    }

    @Test
    void shouldRefuseARequestDeclaringMoreThanTheLimitBeforeReadingIt() {
        String text = "z".repeat(1024 * 1024 + 200 * 1024);

        given().contentType(ContentType.JSON)
                .body(Map.of("text", text))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body(
                        "detail",
                        matchesPattern("the request is \\d+ bytes, more than the upload limit of 1048576 bytes"));
    }

    @Test
    void shouldRefuseAnImageWith415() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

        upload("picture.png", "image/png", png)
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("the file's format (image/png) is not read by this service: send PDF, DOCX,"
                                + " DOC, RTF, HTML, TXT, Markdown or a STIX 2.1 bundle (JSON)"));
    }

    @Test
    void shouldRefuseANestedArchiveUploadWith415() {
        upload("nest.zip", "application/zip", Fixtures.nestedZip(6))
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("application/zip"));
    }

    @Test
    void shouldRefuseAnEmptyFile() {
        upload("empty.txt", "text/plain", new byte[0])
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", equalTo("the file is empty"));
    }

    @Test
    void shouldRejectSeveralFilePartsInsteadOfDroppingAllButOne() {
        given().multiPart("file", "a.txt", "First file: PowerShell.".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart(
                        "file", "b.txt", "Second file: spearphishing.".getBytes(StandardCharsets.UTF_8), "text/plain")
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://attack-tagger.dev/problems/400"))
                .body("errors[0].field", equalTo("file"))
                .body(
                        "errors[0].message",
                        equalTo("send one file per request; this request has 2 file parts (each file is its own job"
                                + " with its own Location)"));
    }

    @Test
    void shouldRejectNulCharactersInMetadataNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "nul\u0000title", "text", "Nul title report: PowerShell."))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("title"))
                .body("errors[0].message", equalTo("must not contain NUL characters (\\u0000)"));
        given().contentType(ContentType.JSON)
                .body(Map.of("text", "Nul text\u0000report: PowerShell.", "source", "nul\u0000source"))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("source", "text"));
        given().multiPart("file", "n.txt", "Nul multipart report.".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("title", "multipart\u0000title")
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("title"));
    }

    @Test
    void shouldRemoveNulCharactersFromAnUploadedDocumentsText() {
        byte[] text = "Nul upload: Power\u0000Shell ran\u0000 twice.".getBytes(StandardCharsets.UTF_8);

        JsonPath job = awaitEnd(uploadAccepted("nul.txt", "text/plain", text));

        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("done");
        assertThat(peers.report(job.getString("reportId")).path("text").asText())
                .isEqualTo("Nul upload: PowerShell ran twice.");
    }

    @Test
    void shouldRejectATruncatedMultipartBodyWith400() throws Exception {
        byte[] truncated = ("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello")
                .getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(documents)
                                .header("Content-Type", "multipart/form-data; boundary=XYZ")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(truncated))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answer.body())
                .contains("the request body could not be read: Connection terminated parsing multipart request");
    }

    @Test
    void shouldRejectMetadataThatTagServiceWouldRefuseNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "text",
                        "Long metadata report: PowerShell.",
                        "source",
                        "s".repeat(600),
                        "url",
                        "https://example.com/" + "p".repeat(4000)))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("source", "url"))
                .body("errors[0].message", equalTo("must be at most 500 characters"))
                .body("errors[1].message", equalTo("must be at most 4000 characters"));
    }

    @Test
    void shouldRejectAPublicationDateTagServiceWouldNotStore() {
        for (String date : List.of("-5000-01-01", "1850-01-01", "9999-12-31")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("text", "Dated report: PowerShell.", "publishedAt", date))
                    .when()
                    .post("/api/v1/documents")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("publishedAt"))
                    .body("errors[0].message", equalTo("must be a date in the years 1900 to 2200"));
        }
    }

    @Test
    void shouldRefuseJsonTextLongerThanTheClassifierTakesWith413() {
        String text = "Long text report. ".repeat(30_000);

        given().contentType(ContentType.JSON)
                .body(Map.of("text", text))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("the text is 540000 bytes in UTF-8, more than the 524288 bytes classify-service takes"
                                + " for one document; split it and send the parts"));
    }

    @Test
    void shouldFailAnUploadWhoseTextIsLongerThanTheClassifierTakesSayingSo() {
        byte[] text = "Long upload report. ".repeat(30_000).getBytes(StandardCharsets.UTF_8);

        JsonPath job = awaitEnd(uploadAccepted("long.txt", "text/plain", text));

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason"))
                .matches("the text is \\d+ bytes in UTF-8, more than the 524288 bytes classify-service takes for one"
                        + " document; split the document and send the parts");
    }

    @Test
    void shouldAnswerAJsonArrayInsteadOfAnObjectWithAProblem() {
        given().contentType(ContentType.JSON)
                .body("[]")
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body("detail", containsString("Array"));
    }

    @Test
    void shouldRefuseAUrlWithAnAmbiguousIpv4Address() {
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "http://0177.0.0.1/admin"))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", startsWith("the host 0177.0.0.1 is an ambiguous IPv4 address"));
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.1/admin"))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .body("errors[0].message", startsWith("the host 127.1 is an ambiguous IPv4 address"));
    }

    @Test
    void shouldRejectMalformedJsonSayingWhereItBroke() {
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"unterminated")
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body("detail", containsString("at line 1, column"));
    }

    @Test
    void shouldRejectTextGivenAsANumberNamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"title\": \"numbers\", \"text\": 5}")
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("text"));
    }

    @Test
    void shouldRejectAnotherMediaTypeWith415() {
        given().contentType(ContentType.TEXT)
                .body("just text")
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void shouldRequireTextOrUrl() {
        given().contentType(ContentType.JSON)
                .body(Map.of("title", "nothing", "publishedAt", "last tuesday"))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("publishedAt", "text"))
                .body("errors[1].message", equalTo("either text or url is required"));
    }

    @Test
    void shouldRefuseUrlsOfInternalAddressesAndOtherSchemes() {
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "http://169.254.169.254/latest/meta-data/"))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("url"))
                .body(
                        "errors[0].message",
                        equalTo("refused to fetch http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a"
                                + " link-local (cloud metadata) address"));
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "file:///etc/passwd"))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("must be an absolute http or https URL"));
    }

    @Test
    void shouldFetchAndTagAPageByUrl() {
        FakePeersResource.site()
                .serve(
                        "/blog/post-1",
                        "text/html; charset=utf-8",
                        "<html><head><title>URL post</title></head><body><p>URL report: spearphishing"
                                + " with a PowerShell stager.</p></body></html>")
                .redirect("/short/1", "/blog/post-1");

        String location = given().contentType(ContentType.JSON)
                .body(Map.of("url", FakePeersResource.site().url("/short/1"), "source", "test blog"))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        JsonPath job = awaitEnd(location);

        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getString("title")).isEqualTo("URL post");
        assertThat(job.getList("tags.techniqueId")).containsExactly("T1566.001", "T1059.001");
        JsonNode report = peers.report(job.getString("reportId"));
        assertThat(report.path("source").asText()).isEqualTo("test blog");
        assertThat(report.path("url").asText())
                .isEqualTo(FakePeersResource.site().url("/short/1"));
    }

    @Test
    void shouldFailAUrlJobThatRedirectsIntoAPrivateRange() {
        FakePeersResource.site().redirect("/jump", "http://10.20.30.40/internal");

        String location = given().contentType(ContentType.JSON)
                .body(Map.of("url", FakePeersResource.site().url("/jump")))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        JsonPath job = awaitEnd(location);

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason"))
                .isEqualTo("refused to fetch http://10.20.30.40/internal: 10.20.30.40 is a private address");
    }

    @Test
    void shouldStopADeeplyNestedArchiveFetchedByUrlWithTheExtractorsLimits() {
        FakePeersResource.site().serve("/files/nest.zip", "application/zip", Fixtures.nestedZip(8));

        String location = given().contentType(ContentType.JSON)
                .body(Map.of("url", FakePeersResource.site().url("/files/nest.zip")))
                .when()
                .post("/api/v1/documents")
                .then()
                .statusCode(202)
                .extract()
                .header("Location");
        JsonPath job = awaitEnd(location);

        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("reason"))
                .isEqualTo("the file nests documents more than 4 levels deep (an archive bomb?)");
    }

    @Test
    void shouldAnswer404WithAProblemForAnUnknownJob() {
        given().when()
                .get("/api/v1/jobs/8b0f3f8e-0000-4000-8000-000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no job with id 8b0f3f8e-0000-4000-8000-000000000000"))
                .body("instance", equalTo("/api/v1/jobs/8b0f3f8e-0000-4000-8000-000000000000"));
        given().when().get("/api/v1/jobs/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void shouldHideJobsOfOtherOrganisations() {
        String location = submitText("Private", "Organisation report: PowerShell for one tenant.");

        given().header("X-Organisation", "someone-else")
                .when()
                .get(location)
                .then()
                .statusCode(404);
    }

    @Test
    void shouldServeHealthMetricsAndOpenApi() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("ingest_jobs"));
        given().when()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/documents"))
                .body(containsString("/api/v1/feeds/{id}"))
                .body(containsString("\"413\""));
    }

    private void assertDone(JsonPath job, String text, String mediaType) {
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("done");
        assertThat(job.getString("mediaType")).isEqualTo(mediaType);
        assertThat(peers.report(job.getString("reportId")).path("text").asText())
                .isEqualTo(text);
    }
}
