package dev.attacktagger.tag;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Small helpers that make reports and tags through the API. */
public final class Fixtures {

    private Fixtures() {}

    /** Creates a report with a text nobody else uses and returns its id. */
    public static UUID report(String organisation) {
        String text = "The actor ran an encoded script after the lure was opened. Marker " + UUID.randomUUID();
        String location = given().contentType(ContentType.JSON)
                .header("X-Organisation", organisation)
                .header("X-User", "ingest")
                .body(Map.of("title", "A test report", "text", text, "language", "en"))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    public static UUID report() {
        return report("default");
    }

    /** A system-tags body: technique id and confidence pairs, each with one piece of evidence. */
    public static Map<String, Object> systemTags(String model, Object... idsAndConfidences) {
        java.util.List<Map<String, Object>> tags = new java.util.ArrayList<>();
        for (int i = 0; i < idsAndConfidences.length; i += 2) {
            tags.add(Map.of(
                    "techniqueId",
                    idsAndConfidences[i],
                    "confidence",
                    idsAndConfidences[i + 1],
                    "evidence",
                    java.util.List.of(Map.of("start", 4, "end", 9, "text", "actor", "score", 0.5))));
        }
        return Map.of("modelId", model, "tags", tags);
    }

    public static void putSystemTags(UUID report, Map<String, Object> body) {
        given().contentType(ContentType.JSON)
                .header("X-User", "classifier")
                .body(body)
                .when()
                .put("/api/v1/reports/" + report + "/system-tags")
                .then()
                .statusCode(200);
    }
}
