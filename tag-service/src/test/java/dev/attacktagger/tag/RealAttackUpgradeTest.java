package dev.attacktagger.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.attacktagger.kb.AttackDiff;
import dev.attacktagger.kb.AttackKnowledgeBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** ATT&amp;CK 17.1 to 18.1 with MITRE's bundles from {@code attacktagger.data}, on a database of its own. */
@QuarkusTest
@TestProfile(RealAttackUpgradeTest.Release171.class)
class RealAttackUpgradeTest {

    static Path bundle(String version) {
        return Path.of(System.getProperty("attacktagger.data", "../../shared/data"), "attack")
                .resolve("enterprise-attack-" + version + ".json.gz")
                .toAbsolutePath();
    }

    /** Starts on ATT&amp;CK 17.1 with its own database and no relay. */
    public static class Release171 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "attacktagger.attack.bundle", bundle("17.1").toString(), "attacktagger.outbox.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FreshPostgresResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void shouldUpgradeFromRelease171To181() {
        assumeTrue(
                Files.isRegularFile(bundle("17.1")) && Files.isRegularFile(bundle("18.1")),
                "the ATT&CK 17.1 and 18.1 bundles are not under "
                        + bundle("17.1").getParent() + " (set attacktagger.data): skipped");
        AttackDiff diff = AttackKnowledgeBase.diff(
                AttackKnowledgeBase.load(bundle("17.1")), AttackKnowledgeBase.load(bundle("18.1")));
        assertThat(given().when()
                        .get("/api/v1/tags")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("id"))
                .hasSize(679);

        UUID report = Fixtures.report();
        Fixtures.putSystemTags(report, Fixtures.systemTags("m1", "T1552.003", 0.8, "T1059.001", 0.9));
        given().when()
                .get("/api/v1/reports/" + report)
                .then()
                .body("tags[1].name", equalTo("Bash History"))
                .body("version", equalTo(2));

        JsonPath summary = given().contentType(ContentType.JSON)
                .body(Map.of("bundlePath", bundle("18.1").toString()))
                .when()
                .post("/api/v1/admin/attack-upgrades")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(summary.getString("fromVersion")).isEqualTo("17.1");
        assertThat(summary.getString("toVersion")).isEqualTo("18.1");
        assertThat(summary.getList("added", String.class))
                .containsExactlyElementsOf(diff.added().stream().sorted().toList());
        assertThat(summary.getList("revoked")).isEmpty();
        assertThat(summary.getList("deprecated")).isEmpty();
        assertThat(summary.getList("changed", String.class))
                .containsAll(diff.renamed().keySet());
        assertThat(summary.getInt("reportsChanged")).isEqualTo(1);

        assertThat(given().when()
                        .get("/api/v1/tags")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("id"))
                .hasSize(691)
                .contains("T1059.013");
        given().when()
                .get("/api/v1/reports/" + report)
                .then()
                .body("version", equalTo(3))
                .body("tags[1].name", equalTo("Shell History"));
        List<String> actions = given().when()
                .get("/api/v1/reports/" + report + "/history")
                .then()
                .extract()
                .jsonPath()
                .getList("action");
        assertThat(actions).last().isEqualTo("TECHNIQUE_CHANGED");
    }
}
