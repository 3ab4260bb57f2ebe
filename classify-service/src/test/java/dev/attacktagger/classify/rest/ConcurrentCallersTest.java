package dev.attacktagger.classify.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Sentences of concurrent callers share encoder runs; every caller must still get exactly the answer its own text gets
 * when classified alone.
 */
@QuarkusTest
class ConcurrentCallersTest {

    private static final String[] ACTORS = {"The group", "The operators", "The implant", "The loader", "The actor"};
    private static final String[] ACTIONS = {
        "sent spearphishing emails with malicious attachments",
        "ran PowerShell scripts with encoded commands",
        "created scheduled tasks to keep running after reboots",
        "dumped credentials from the memory of the LSASS process",
        "moved laterally with remote desktop sessions",
        "encrypted files on network shares and left a ransom note",
        "exfiltrated archives over an encrypted web channel",
        "captured keystrokes and screenshots from the desktop",
        "added a registry run key that started the backdoor",
        "disabled the endpoint protection service before deploying tools",
        "scanned the internal network for open ports",
        "compressed the collected documents into password-protected archives"
    };
    private static final String[] CONTEXTS = {
        "in March",
        "on the finance servers",
        "during the weekend",
        "from a compromised laptop",
        "after the initial foothold",
        "within hours"
    };

    @BeforeEach
    void awaitModel() {
        ModelReady.await();
    }

    @Test
    void shouldGiveEveryConcurrentCallerExactlyTheAnswerItsTextGetsAlone() throws Exception {
        Random random = new Random(42L);
        List<String> texts = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            StringBuilder text = new StringBuilder("Report number " + d + ". ");
            int sentences = 2 + random.nextInt(12);
            for (int s = 0; s < sentences; s++) {
                text.append(ACTORS[random.nextInt(ACTORS.length)])
                        .append(' ')
                        .append(ACTIONS[random.nextInt(ACTIONS.length)])
                        .append(' ')
                        .append(CONTEXTS[random.nextInt(CONTEXTS.length)])
                        .append(". ");
            }
            texts.add(text.toString().strip());
        }
        List<JsonPath> alone = new ArrayList<>();
        for (String text : texts) {
            alone.add(classify(text));
        }

        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonPath>> together = new ArrayList<>();
            for (String text : texts) {
                together.add(callers.submit(() -> classify(text)));
            }
            for (int d = 0; d < texts.size(); d++) {
                JsonPath mine = together.get(d).get(2, TimeUnit.MINUTES);
                JsonPath expected = alone.get(d);
                assertThat(mine.getInt("sentences")).as("text %d", d).isEqualTo(expected.getInt("sentences"));
                assertThat(mine.getList("techniques.id")).as("text %d", d).isEqualTo(expected.getList("techniques.id"));
                assertThat(mine.getList("techniques.evidence.text"))
                        .as("text %d", d)
                        .isEqualTo(expected.getList("techniques.evidence.text"));
                List<Float> confidences = mine.getList("techniques.confidence", Float.class);
                List<Float> expectedConfidences = expected.getList("techniques.confidence", Float.class);
                for (int t = 0; t < confidences.size(); t++) {
                    // Padding to a different batch width may move the last digits of a float, nothing more.
                    assertThat(confidences.get(t)).isCloseTo(expectedConfidences.get(t), within(1e-4f));
                }
            }
        } finally {
            callers.shutdownNow();
        }
        // The point of batching: some encoder run carried the sentences of more than one caller.
        String metrics = given().get("/q/metrics").asString();
        Matcher max = Pattern.compile("(?m)^classify_batch_callers_max (\\S+)$").matcher(metrics);
        assertThat(max.find()).as("classify_batch_callers_max in %s", metrics).isTrue();
        assertThat(Double.parseDouble(max.group(1))).isGreaterThanOrEqualTo(2.0);
    }

    private static JsonPath classify(String text) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("text", text))
                .post("/api/v1/classify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
