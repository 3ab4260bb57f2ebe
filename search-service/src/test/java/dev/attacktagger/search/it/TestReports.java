package dev.attacktagger.search.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

/** Builds report bodies as tag-service sends them, and puts them through the service. */
final class TestReports {

    private TestReports() {}

    static Report report(String id) {
        return new Report(id);
    }

    static Map<String, Object> tag(String techniqueId, double confidence, String origin, String state) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("techniqueId", techniqueId);
        tag.put("confidence", confidence);
        tag.put("origin", origin);
        tag.put("state", state);
        return tag;
    }

    static Map<String, Object> tag(String techniqueId, double confidence) {
        return tag(techniqueId, confidence, "SYSTEM", "PROPOSED");
    }

    /** A report body; every setter returns the builder. */
    static final class Report {
        private final Map<String, Object> body = new LinkedHashMap<>();
        private final List<Map<String, Object>> tags = new ArrayList<>();
        private final List<Map<String, Object>> indicators = new ArrayList<>();

        Report(String id) {
            body.put("id", id);
            body.put("version", 1);
            body.put("organisation", "default");
            body.put("title", "Report " + id);
            body.put("source", "test blog");
            body.put("publishedAt", "2024-05-01");
            body.put("createdAt", "2026-12-04T16:00:00Z");
            body.put("updatedAt", "2026-12-04T16:00:00Z");
            body.put("language", "en");
            body.put("text", "Nothing happened.");
            body.put("tags", tags);
            body.put("indicators", indicators);
        }

        Report version(long version) {
            body.put("version", version);
            return this;
        }

        Report organisation(String organisation) {
            body.put("organisation", organisation);
            return this;
        }

        Report title(String title) {
            body.put("title", title);
            return this;
        }

        Report source(String source) {
            body.put("source", source);
            return this;
        }

        Report published(String date) {
            body.put("publishedAt", date);
            return this;
        }

        Report text(String text) {
            body.put("text", text);
            return this;
        }

        Report tag(String techniqueId, double confidence) {
            tags.add(TestReports.tag(techniqueId, confidence));
            return this;
        }

        Report tag(String techniqueId, double confidence, String origin, String state) {
            tags.add(TestReports.tag(techniqueId, confidence, origin, state));
            return this;
        }

        Report indicator(String type, String value) {
            indicators.add(Map.of("type", type, "value", value));
            return this;
        }

        String id() {
            return (String) body.get("id");
        }

        Map<String, Object> body() {
            return body;
        }

        /** PUTs the report and expects it to be written. */
        void index() {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .when()
                    .put("/api/v1/index/reports/" + id())
                    .then()
                    .statusCode(anyOf(is(200), is(201)));
        }
    }
}
