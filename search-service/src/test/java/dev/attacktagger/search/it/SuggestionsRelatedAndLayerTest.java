package dev.attacktagger.search.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.OpenSearchTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(OpenSearchTestResource.class)
class SuggestionsRelatedAndLayerTest {

    private static final String ORG = "pivot";
    private static boolean indexed;

    /**
     * T1105 is on every report, so sharing it says little; T1003.001 is on two, so sharing it says much. rel-1 shares
     * T1105 and T1059.001 with rel-2 but only T1003.001 (rare) with rel-3.
     */
    @BeforeEach
    void indexFixture() {
        if (indexed) {
            return;
        }
        TestReports.report("rel-1")
                .organisation(ORG)
                .tag("T1105", 0.9)
                .tag("T1003.001", 0.9)
                .tag("T1059.001", 0.9)
                .index();
        TestReports.report("rel-2")
                .organisation(ORG)
                .tag("T1105", 0.9)
                .tag("T1059.001", 0.8)
                .index();
        TestReports.report("rel-3")
                .organisation(ORG)
                .tag("T1105", 0.9)
                .tag("T1003.001", 0.8)
                .index();
        TestReports.report("rel-4")
                .organisation(ORG)
                .tag("T1105", 0.9)
                .tag("T1059.003", 0.7)
                .index();
        TestReports.report("rel-5")
                .organisation(ORG)
                .tag("T1105", 0.9)
                .tag("T1059.001", 0.7)
                .index();
        TestReports.report("rel-6")
                .organisation(ORG)
                .tag("T1105", 0.9)
                .tag("T1566", 0.7)
                .index();
        TestReports.report("rel-7").organisation(ORG).tag("T1027", 0.9).index();
        indexed = true;
    }

    @Test
    void shouldSuggestTechniquesForASearchBox() {
        given().queryParam("q", "powersh")
                .when()
                .get("/api/v1/tags/suggest")
                .then()
                .statusCode(200)
                .body("id", contains("T1059.001", "T1546.013"))
                .body("[0].name", is("PowerShell"))
                .body("[0].tactics", contains("execution"));
        given().queryParam("q", " ")
                .when()
                .get("/api/v1/tags/suggest")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("q"))
                .body("errors[0].message", is("must not be blank"));
    }

    @Test
    void shouldNameANumericParameterThatIsNotANumber() {
        given().queryParam("q", "T1059")
                .queryParam("limit", "abc")
                .when()
                .get("/api/v1/tags/suggest")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("limit"))
                .body("errors[0].message", is("must be a whole number from 1 to 100, found 'abc'"));
        given().header("X-Organisation", ORG)
                .queryParam("size", "x")
                .when()
                .get("/api/v1/reports/rel-1/related")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("size"));
        given().header("X-Organisation", ORG)
                .queryParam("size", 1)
                .when()
                .get("/api/v1/reports/rel-1/related")
                .then()
                .statusCode(200)
                .body("related.report.id", contains("rel-3"));
    }

    @Test
    void shouldWeighSharedTechniquesByHowRareTheyAre() {
        JsonPath related = given().header("X-Organisation", ORG)
                .when()
                .get("/api/v1/reports/rel-1/related")
                .then()
                .statusCode(200)
                .body("reportId", is("rel-1"))
                .body("techniques", contains("T1105", "T1003.001", "T1059.001"))
                .extract()
                .jsonPath();
        // 7 reports: T1105 on 6 weighs ln(1 + 7/6) = 0.773, T1003.001 on 2 weighs ln(4.5) = 1.504,
        // T1059.001 on 3 weighs ln(1 + 7/3) = 1.204. So the rare T1003.001 puts rel-3 first.
        assertThat(related.getList("related.report.id", String.class))
                .containsExactly("rel-3", "rel-2", "rel-5", "rel-4", "rel-6");
        assertThat(related.getDouble("related[0].score"))
                .isCloseTo(Math.log(4.5) + Math.log(1 + 7.0 / 6), Offset.offset(0.001));
        assertThat(related.getList("related[0].shared.techniqueId", String.class))
                .containsExactly("T1003.001", "T1105");
        assertThat(related.getDouble("related[0].shared[0].weight")).isCloseTo(Math.log(4.5), Offset.offset(0.0001));
        assertThat(related.getInt("related[0].shared[0].reports")).isEqualTo(2);
        assertThat(related.getString("related[0].shared[0].name")).isEqualTo("OS Credential Dumping: LSASS Memory");
        assertThat(related.getList("related[1].shared.techniqueId", String.class))
                .containsExactly("T1059.001", "T1105");
        assertThat(related.getDouble("related[1].score"))
                .isCloseTo(Math.log(1 + 7.0 / 3) + Math.log(1 + 7.0 / 6), Offset.offset(0.001));
        assertThat(related.getList("related[3].shared.techniqueId", String.class))
                .containsExactly("T1105");
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownReportOrAnotherOrganisations() {
        given().header("X-Organisation", ORG)
                .when()
                .get("/api/v1/reports/nope/related")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", is("no report nope is indexed"));
        given().header("X-Organisation", "elsewhere")
                .when()
                .get("/api/v1/reports/rel-1/related")
                .then()
                .statusCode(404);
    }

    @Test
    void shouldDrawANavigatorLayerThatKeepsTheFormatRules() {
        JsonPath layer = given().header("X-Organisation", ORG)
                .queryParam("query", "attackTag = \"T1059\" OR attackTag = \"T1566\"")
                .when()
                .get("/api/v1/navigator/layer")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(layer.getString("domain")).isEqualTo("enterprise-attack");
        assertThat(layer.getString("versions.layer")).isEqualTo("4.5");
        assertThat(layer.getString("versions.attack")).isEqualTo("18.1");
        assertThat(layer.getString("versions.navigator")).isEqualTo("5.1.0");
        assertThat(layer.getString("name")).isEqualTo("attack-tagger: attackTag = \"T1059\" OR attackTag = \"T1566\"");
        List<Map<String, Object>> techniques = layer.getList("techniques");
        Map<String, Integer> scores = new TreeMap<>();
        for (Map<String, Object> technique : techniques) {
            scores.put(technique.get("techniqueID") + "/" + technique.get("tactic"), (Integer) technique.get("score"));
            assertThat(technique.get("comment")).asString().contains("matching report");
        }
        // Five reports match; rel-1, rel-2, rel-5 carry T1059.001, rel-4 T1059.003, rel-6 T1566 itself.
        assertThat(scores)
                .containsExactly(
                        Map.entry("T1003.001/credential-access", 1),
                        Map.entry("T1003/credential-access", 0),
                        Map.entry("T1059.001/execution", 3),
                        Map.entry("T1059.003/execution", 1),
                        Map.entry("T1059/execution", 0),
                        Map.entry("T1105/command-and-control", 5),
                        Map.entry("T1566/initial-access", 1));
        assertThat(layer.getBoolean("techniques.find { it.techniqueID == 'T1059' }.showSubtechniques"))
                .isTrue();
        assertThat(layer.getBoolean("techniques.find { it.techniqueID == 'T1566' }.showSubtechniques"))
                .isFalse();
        assertThat(layer.getList("gradient.colors")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(layer.getInt("gradient.maxValue")).isGreaterThan(layer.getInt("gradient.minValue"));
        assertThat(layer.getInt("gradient.maxValue")).isEqualTo(5);
        assertThat(layer.getList("legendItems.label", String.class)).containsExactly("1 report", "5 reports");
        assertThat(layer.getString("metadata.find { it.name == 'query' }.value"))
                .isEqualTo("attackTag = \"T1059\" OR attackTag = \"T1566\"");
    }

    @Test
    void shouldDrawAnEmptyLayerWithAValidGradientAndRejectABrokenQuery() {
        JsonPath layer = given().header("X-Organisation", "nobody-here")
                .when()
                .get("/api/v1/navigator/layer")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(layer.getList("techniques")).isEmpty();
        assertThat(layer.getInt("gradient.maxValue")).isGreaterThan(layer.getInt("gradient.minValue"));
        assertThat(layer.getList("legendItems.label", String.class)).containsExactly("0 reports");
        JsonPath one = given().header("X-Organisation", ORG)
                .queryParam("query", "attackTag = \"T1566\"")
                .when()
                .get("/api/v1/navigator/layer")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(one.getList("legendItems.label", String.class)).containsExactly("1 report");
        given().queryParam("query", "attackTag = ")
                .when()
                .get("/api/v1/navigator/layer")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("position", is(12));
    }

    @Test
    void shouldRejectADeepQueryOrALongNameForALayer() {
        given().queryParam("query", "(".repeat(101) + "title = x" + ")".repeat(101))
                .when()
                .get("/api/v1/navigator/layer")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("position", is(100));
        given().queryParam("name", "n".repeat(5000))
                .when()
                .get("/api/v1/navigator/layer")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("name"))
                .body("errors[0].message", is("must be at most 200 characters"));
    }
}
