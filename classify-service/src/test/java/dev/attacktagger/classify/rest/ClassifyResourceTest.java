package dev.attacktagger.classify.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class ClassifyResourceTest {

    static final String REPORT = "The intrusion began with a phishing email that carried a malicious Word attachment. "
            + "When the victim enabled macros, the document launched PowerShell with an encoded command. "
            + "The script downloaded a second-stage payload from a remote server over HTTPS. "
            + "To survive reboots the malware created a scheduled task that ran every hour. "
            + "The operators later dumped credentials from LSASS memory and moved laterally over SMB.";

    @BeforeEach
    void awaitModel() {
        ModelReady.await();
    }

    @Test
    void shouldAnswerTechniquesWithEvidenceAndTheModel() {
        String text = REPORT + " Analysts mapped the launcher to T1059.001.";

        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("text", text, "title", "a self-written report"))
                .when()
                .post("/api/v1/classify")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();

        JsonNode card = ModelReady.card();
        assertThat(answer.getString("model.id")).isEqualTo(card.get("id").asText());
        assertThat(answer.getString("model.attackVersion"))
                .isEqualTo(card.get("attackVersion").asText());
        assertThat(answer.getInt("sentences")).isEqualTo(6);
        assertThat(answer.getLong("millis")).isNotNegative();
        List<Map<String, Object>> techniques = answer.getList("techniques");
        assertThat(techniques).isNotEmpty();
        List<Double> confidences = answer.getList("techniques.confidence", Double.class);
        assertThat(confidences).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(confidences).allSatisfy(c -> assertThat(c).isBetween(0.0, 1.0));
        // An id written in the text is always a tag, with the id itself as evidence.
        Map<String, Object> powershell = techniques.stream()
                .filter(t -> t.get("id").equals("T1059.001"))
                .findFirst()
                .orElseThrow();
        assertThat(powershell.get("name")).isEqualTo("PowerShell");
        assertThat(powershell.get("tactics")).isEqualTo(List.of("execution"));
        // Every passage is exactly the text at its offsets; a technique may carry none when no single sentence
        // reaches the evidence score, but the id written in the text always is.
        for (Map<String, Object> technique : techniques) {
            for (Map<String, Object> passage : (List<Map<String, Object>>) technique.get("evidence")) {
                int start = (Integer) passage.get("start");
                int end = (Integer) passage.get("end");
                assertThat(text.substring(start, end)).isEqualTo(passage.get("text"));
            }
        }
        int idAt = text.indexOf("T1059.001");
        assertThat((List<Map<String, Object>>) powershell.get("evidence"))
                .anySatisfy(passage -> assertThat(passage)
                        .containsEntry("start", idAt)
                        .containsEntry("end", idAt + "T1059.001".length())
                        .containsEntry("text", "T1059.001"));
    }

    @Test
    void shouldAnswerAPlainTextBodyAsItAnswersTheSameTextAsJson() {
        JsonPath asJson = given().contentType(ContentType.JSON)
                .body(Map.of("text", REPORT))
                .post("/api/v1/classify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        JsonPath asText = given().contentType("text/plain; charset=UTF-8")
                .body(REPORT)
                .post("/api/v1/classify")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();

        assertThat(asText.getList("techniques.id")).isEqualTo(asJson.getList("techniques.id"));
        assertThat(asText.getList("techniques.evidence")).isEqualTo(asJson.getList("techniques.evidence"));
        assertThat(asText.getInt("sentences")).isEqualTo(asJson.getInt("sentences"));
    }

    @Test
    void shouldLeaveEvidenceOutWhenAskedTo() {
        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("text", REPORT + " See T1053.005.", "includeEvidence", false))
                .post("/api/v1/classify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(answer.getList("techniques")).isNotEmpty();
        assertThat(answer.getList("techniques.evidence", List.class))
                .allSatisfy(e -> assertThat(e).isEmpty());
    }

    @Test
    void shouldProposeEveryReleasedTechniqueAtThresholdZero() {
        JsonPath answer = given().contentType(ContentType.TEXT)
                .queryParam("threshold", "0")
                .queryParam("includeEvidence", "false")
                .body(REPORT)
                .post("/api/v1/classify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        List<String> released = new ArrayList<>();
        ModelReady.card().get("techniques").forEach(t -> {
            if (t.get("released").asBoolean()) {
                released.add(t.get("id").asText());
            }
        });
        assertThat(answer.getList("techniques.id", String.class)).containsExactlyInAnyOrderElementsOf(released);
    }

    @Test
    void shouldRejectEmptyText() {
        for (Object body : List.of(Map.of("text", ""), Map.of("text", "  \n\t "), Map.of("title", "no text"))) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/classify")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:attack-tagger:problem:invalid-request"))
                    .body("title", equalTo("Invalid request"))
                    .body("status", equalTo(400))
                    .body("detail", equalTo("text must not be empty"))
                    .body("instance", equalTo("/api/v1/classify"))
                    .body("errors[0].field", equalTo("text"))
                    .body("errors[0].message", equalTo("must not be empty"));
        }
        given().contentType(ContentType.TEXT)
                .body("")
                .post("/api/v1/classify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("text"));
        given().contentType(ContentType.JSON)
                .post("/api/v1/classify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("text must not be empty"));
    }

    @Test
    void shouldRejectAThresholdOutsideZeroToOne() {
        for (double threshold : new double[] {1.5, -0.1}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("text", REPORT, "threshold", threshold))
                    .post("/api/v1/classify")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("threshold"))
                    .body("errors[0].message", equalTo("must be between 0 and 1, found " + threshold));
        }
        given().contentType(ContentType.TEXT)
                .queryParam("threshold", "high")
                .body(REPORT)
                .post("/api/v1/classify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("threshold"))
                .body("errors[0].message", equalTo("must be a number between 0 and 1, found high"));
    }

    @Test
    void shouldNotConvertAScalarOfAnotherTypeIntoAField() {
        String[][] cases = {
            {"{\"text\": 5}", "text"},
            {"{\"text\": true}", "text"},
            {"{\"text\": \"Some text.\", \"includeEvidence\": 1}", "includeEvidence"},
            {"{\"text\": \"Some text.\", \"threshold\": \"0.5\"}", "threshold"},
        };
        for (String[] wrong : cases) {
            given().contentType(ContentType.JSON)
                    .body(wrong[0])
                    .post("/api/v1/classify")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", startsWith("field " + wrong[1] + " has the wrong type"))
                    .body("errors[0].field", equalTo(wrong[1]));
        }
    }

    @Test
    void shouldRejectAFieldOfTheWrongTypeNamingIt() {
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"Some text.\", \"threshold\": \"high\"}")
                .post("/api/v1/classify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", startsWith("field threshold has the wrong type at line 1, column "))
                .body("errors[0].field", equalTo("threshold"));
    }

    @Test
    void shouldRejectMalformedJsonSayingWhereItBroke() {
        given().contentType(ContentType.JSON)
                .body("{\n  \"text\": \"The actor used a loader.\",\n  oops\n}")
                .post("/api/v1/classify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:attack-tagger:problem:malformed-json"))
                .body("title", equalTo("Malformed JSON"))
                .body("detail", startsWith("the body is not valid JSON at line 3, column 3: Unexpected character ('o'"))
                .body("instance", equalTo("/api/v1/classify"));
    }

    @Test
    void shouldRejectATextOverTheSizeLimit() {
        char[] letters = new char[2 * 1024 * 1024 + 1];
        Arrays.fill(letters, 'a');
        String text = new String(letters);

        given().contentType(ContentType.JSON)
                .body(Map.of("text", text))
                .post("/api/v1/classify")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:attack-tagger:problem:too-large"))
                .body(
                        "detail",
                        equalTo("the text is more than 2097152 bytes in UTF-8; one document may have at most 2097152"));
        given().contentType(ContentType.TEXT)
                .body(text)
                .post("/api/v1/classify")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void shouldCountTheSizeLimitInUtf8Bytes() {
        // 1,048,577 two-byte letters: fewer characters than the limit, more bytes.
        char[] letters = new char[1024 * 1024 + 1];
        Arrays.fill(letters, 'é');

        given().contentType("text/plain; charset=UTF-8")
                .body(new String(letters).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/classify")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void shouldAnswerABodyOverTheHttpLimitWithAProblem() {
        byte[] body = new byte[16 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) 'a');

        Response response = given().contentType(ContentType.TEXT).body(body).post("/api/v1/classify");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.jsonPath().getString("detail"))
                .isEqualTo("the body is 16777217 bytes; this service reads at most 16777216");
    }

    @Test
    void shouldAnswerAChunkedBodyOverTheHttpLimitWithAProblem() {
        byte[] body = new byte[16 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) 'a');

        // A stream of unknown length goes out chunked, without Content-Length.
        Response response = given().contentType(ContentType.TEXT)
                .body(new ByteArrayInputStream(body))
                .post("/api/v1/classify");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.jsonPath().getString("detail"))
                .isEqualTo("the body is over 16777216 bytes, the most this service reads");
    }

    @Test
    void shouldRejectAnUnsupportedMediaType() {
        given().contentType(ContentType.XML)
                .body("<text>The actor used a loader.</text>")
                .post("/api/v1/classify")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:attack-tagger:problem:unsupported-media-type"))
                .body("status", equalTo(415))
                .body("detail", equalTo("this endpoint takes application/json or text/plain"));
    }

    @Test
    void shouldAnswerAnUnknownPathWithAProblem() {
        given().get("/api/v1/classifications")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
