package dev.attacktagger.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(SearchReceiverResource.class)
class CatalogueApiTest {

    @Test
    void shouldCountReportsPerTechniqueWithoutRejectedTags() {
        String org = "catalogue-" + UUID.randomUUID();
        UUID first = Fixtures.report(org);
        UUID second = Fixtures.report(org);
        for (UUID report : List.of(first, second)) {
            given().contentType(ContentType.JSON)
                    .header("X-Organisation", org)
                    .body(Fixtures.systemTags("m1", "T1003.001", 0.7))
                    .when()
                    .put("/api/v1/reports/" + report + "/system-tags")
                    .then()
                    .statusCode(200);
        }
        given().header("X-Organisation", org)
                .when()
                .delete("/api/v1/reports/" + second + "/tags/T1003.001")
                .then()
                .statusCode(204);
        List<Map<String, Object>> credentialAccess = given().header("X-Organisation", org)
                .queryParam("tactic", "TA0006")
                .when()
                .get("/api/v1/tags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(credentialAccess)
                .extracting(t -> t.get("id") + " " + t.get("reportCount"))
                .containsExactly("T1003 0", "T1003.001 1");
        assertThat(credentialAccess.get(1))
                .containsEntry("name", "LSASS Memory")
                .containsEntry("parentId", "T1003")
                .containsEntry("state", "ACTIVE");
    }

    @Test
    void shouldListOnlyActiveTechniques() {
        List<String> ids = given().when()
                .get("/api/v1/tags")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
        assertThat(ids).contains("T1059", "T1059.001", "T1566.001").doesNotContain("T1086", "T1064");
        assertThat(ids).isSorted();
    }

    @Test
    void shouldResolveTechniqueIdsInAnyFormAndRevokedOnesToTheirReplacement() {
        given().when().get("/api/v1/tags/t1059-001").then().statusCode(200).body("name", equalTo("PowerShell"));
        given().when().get("/api/v1/tags/T1086").then().statusCode(200).body("id", equalTo("T1059.001"));
        given().when()
                .get("/api/v1/tags/T0000")
                .then()
                .statusCode(422)
                .body("detail", startsWith("T0000 is not a technique of ATT&CK "));
        given().queryParam("tactic", "nope")
                .when()
                .get("/api/v1/tags")
                .then()
                .statusCode(422)
                .body("errors.field", hasItems("tactic"));
    }
}
