package dev.attacktagger.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * From the test catalogue 1.0 to 2.0, two self-written bundles: 2.0 revokes T1500 (to the new T1027.004) and T1088
 * (to T1548.002), deprecates T1055, renames T1070 and adds T1204. Only this test tags those techniques.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(SearchReceiverResource.class)
class AttackUpgradeTest {

    private static final String V2 = Path.of("src/test/resources/attack/mini-attack-2.0.json")
            .toAbsolutePath()
            .toString();

    @Test
    void shouldMoveMergeAndFlagTagsWhenUpgradingToANewerRelease() {
        UUID moved = Fixtures.report();
        Fixtures.putSystemTags(moved, Fixtures.systemTags("m1", "T1500", 0.7, "T1055", 0.6, "T1070", 0.5));
        UUID merged = Fixtures.report();
        Fixtures.putSystemTags(merged, Fixtures.systemTags("m1", "T1088", 0.8, "T1548.002", 0.4));
        given().when()
                .post("/api/v1/reports/" + merged + "/tags/T1088/confirm")
                .then()
                .statusCode(200)
                .body("version", equalTo(3));
        UUID untouched = Fixtures.report();
        Fixtures.putSystemTags(untouched, Fixtures.systemTags("m1", "T1059.001", 0.9));

        JsonPath summary = upgrade(V2).statusCode(200).extract().jsonPath();
        assertThat(summary.getString("fromVersion")).isEqualTo("1.0");
        assertThat(summary.getString("toVersion")).isEqualTo("2.0");
        assertThat(summary.getList("added")).containsExactly("T1027.004", "T1204");
        assertThat(summary.getList("revoked")).containsExactly("T1088", "T1500");
        assertThat(summary.getList("deprecated")).containsExactly("T1055");
        assertThat(summary.getList("changed")).containsExactly("T1070");
        assertThat(summary.getInt("tagsMoved")).isEqualTo(1);
        assertThat(summary.getInt("tagsMerged")).isEqualTo(1);
        assertThat(summary.getInt("tagsFlagged")).isEqualTo(1);
        assertThat(summary.getInt("reportsChanged")).isEqualTo(2);

        given().when()
                .get("/api/v1/reports/" + moved)
                .then()
                .body("version", equalTo(3))
                .body("tags.techniqueId", contains("T1027.004", "T1055", "T1070"))
                .body("tags[0].name", equalTo("Compile After Delivery"))
                .body("tags[0].parentId", equalTo("T1027"))
                .body("tags[0].confidence", equalTo(0.7f))
                .body("tags[0].state", equalTo("PROPOSED"))
                .body("tags[1].attackStatus", equalTo("DEPRECATED"))
                .body("tags[2].name", equalTo("Indicator Removal"));
        List<Map<String, Object>> history = history(moved);
        assertThat(history.stream().filter(row -> Integer.valueOf(3).equals(row.get("reportVersion"))))
                .extracting(row -> row.get("action") + " " + row.get("oldValue") + " -> " + row.get("newValue") + " by "
                        + row.get("actor") + " v" + row.get("reportVersion"))
                .containsExactlyInAnyOrder(
                        "TAG_MOVED T1500 -> T1027.004 by operator v3",
                        "TAG_FLAGGED ACTIVE -> DEPRECATED by operator v3",
                        "TECHNIQUE_CHANGED Indicator Removal on Host [defense-evasion] -> Indicator Removal"
                                + " [defense-evasion] by operator v3");

        given().when()
                .get("/api/v1/reports/" + merged)
                .then()
                .body("version", equalTo(4))
                .body("tags", hasSize(1))
                .body("tags[0].techniqueId", equalTo("T1548.002"))
                .body("tags[0].state", equalTo("CONFIRMED"));
        assertThat(history(merged))
                .extracting(row -> row.get("action") + " " + row.get("oldValue") + " -> " + row.get("newValue"))
                .last()
                .isEqualTo("TAG_MERGED T1088 -> T1548.002");
        given().when().get("/api/v1/reports/" + untouched).then().body("version", equalTo(2));

        // New techniques can be tagged; a revoked one now lands on its replacement.
        Fixtures.putSystemTags(untouched, Fixtures.systemTags("m2", "T1204", 0.5, "T1500", 0.6));
        given().when()
                .get("/api/v1/reports/" + untouched)
                .then()
                .body("tags.techniqueId", contains("T1027.004", "T1204"));

        // The same release again changes nothing; an older one is refused.
        JsonPath again = upgrade(V2).statusCode(200).extract().jsonPath();
        assertThat(again.getList("added")).isEmpty();
        assertThat(again.getInt("reportsChanged")).isZero();
        upgrade(Path.of("src/test/resources/attack/mini-attack-1.0.json")
                        .toAbsolutePath()
                        .toString())
                .statusCode(409)
                .body("detail", equalTo("the catalogue holds ATT&CK 2.0, newer than the bundle's 1.0"));
    }

    @Test
    void shouldRefuseMissingOrBrokenBundles() {
        upgrade("/nonexistent/bundle.json")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", equalTo("no ATT&CK bundle at /nonexistent/bundle.json"));
        upgrade(Path.of("src/test/resources/attack/README.md").toAbsolutePath().toString())
                .statusCode(422);
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/api/v1/admin/attack-upgrades")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("bundlePath"));
    }

    @Test
    void shouldSayWhatIsWrongWithAFileWithoutQuotingIt() throws Exception {
        Path text = Files.createTempFile("not-a-bundle", ".txt");
        Path json = Files.createTempFile("not-a-bundle", ".json");
        try {
            Files.writeString(text, "root:x:0:0:secret-word\n");
            Files.writeString(json, "{\"type\": \"secret-type\", \"objects\": []}");
            upgrade(text.toString())
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body(
                            "detail",
                            equalTo(text + " is not an ATT&CK bundle: it is not valid JSON (line 1, column 1)"));
            upgrade(json.toString())
                    .statusCode(422)
                    .body("detail", startsWith(json + " is not an ATT&CK bundle: a STIX bundle is a JSON object"))
                    .body("detail", not(containsString("secret")));
        } finally {
            Files.delete(text);
            Files.delete(json);
        }
    }

    @Test
    void shouldRejectANulCharacterInTheBundlePath() {
        given().contentType(ContentType.JSON)
                .body("{\"bundlePath\": \"\\u0000\"}")
                .when()
                .post("/api/v1/admin/attack-upgrades")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("bundlePath"))
                .body("errors[0].message", equalTo("must not contain the NUL character"));
    }

    private static io.restassured.response.ValidatableResponse upgrade(String path) {
        return given().contentType(ContentType.JSON)
                .header("X-User", "operator")
                .body(Map.of("bundlePath", path))
                .when()
                .post("/api/v1/admin/attack-upgrades")
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
