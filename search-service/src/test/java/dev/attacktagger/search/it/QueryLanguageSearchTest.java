package dev.attacktagger.search.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.attacktagger.testing.OpenSearchTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every operator of the query language against a real node, on five small reports of one organisation. */
@QuarkusTest
@QuarkusTestResource(OpenSearchTestResource.class)
class QueryLanguageSearchTest {

    static final String ORG = "language";
    private static boolean indexed;

    @BeforeEach
    void indexFixture() {
        if (indexed) {
            return;
        }
        for (TestReports.Report report : fixture()) {
            report.index();
        }
        indexed = true;
    }

    /** Five reports; the comments say what each is there to tell apart. */
    static List<TestReports.Report> fixture() {
        return List.of(
                TestReports.report("lang-1")
                        .organisation(ORG)
                        .title("PowerShell loader targets banks")
                        .source("Vendor Blog")
                        .published("2024-05-10")
                        .text("The actors used PowerShell scripts to download a loader from a staging server.")
                        .tag("T1059.001", 0.93, "SYSTEM", "CONFIRMED")
                        .tag("T1105", 0.6)
                        .indicator("ipv4", "203.0.113.7")
                        .indicator("domain", "evil.Example.com"),
                TestReports.report("lang-2")
                        .organisation(ORG)
                        .title("Credential theft from LSASS")
                        .source("CERT Feed")
                        .published("2024-06-02")
                        .text("Memory of the lsass process was dumped to steal credentials.")
                        .tag("T1003.001", 0.88, "USER", "CONFIRMED")
                        .tag("T1059.003", 0.55)
                        .tag("T1105", 0.7),
                // The parent technique itself, with a low confidence.
                TestReports.report("lang-3")
                        .organisation(ORG)
                        .title("Phishing wave with attachments")
                        .source("vendor blog")
                        .published("2023-11-20")
                        .text("Spearphishing emails carried macro documents that launched cmd.")
                        .tag("T1566.001", 0.9)
                        .tag("T1059", 0.4)
                        .tag("T1105", 0.5),
                // Its PowerShell tag was rejected and must never match.
                TestReports.report("lang-4")
                        .organisation(ORG)
                        .title("Quiet report")
                        .source("Newsletter")
                        .published("2025-01-15")
                        .text("Nothing about techniques here, only obfuscated strings.")
                        .tag("T1027", 0.3, "USER", "PROPOSED")
                        .tag("T1059.001", 0.99, "SYSTEM", "REJECTED"),
                // A PowerShell tag with low confidence beside an unrelated tag with high confidence.
                TestReports.report("lang-5")
                        .organisation(ORG)
                        .title("Mixed confidence 100% sure")
                        .source("CERT Feed")
                        .published("2024-05-28")
                        .text("PowerShell was observed, and web protocols for command and control.")
                        .tag("T1059.001", 0.5)
                        .tag("T1071.001", 0.95));
    }

    static ValidatableResponse search(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .header("X-Organisation", ORG)
                .body(body)
                .when()
                .post("/api/v1/search")
                .then();
    }

    private static List<String> ids(String query) {
        List<String> ids = search(Map.of("query", query, "size", 100))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("hits.id", String.class);
        return ids.stream().sorted().toList();
    }

    @Test
    void shouldRollAParentUpToItsSubTechniquesWithEquals() {
        assertThat(ids("attackTag = \"T1059\"")).containsExactly("lang-1", "lang-2", "lang-3", "lang-5");
        assertThat(ids("attackTag = \"t1059/001\"")).containsExactly("lang-1", "lang-5");
    }

    @Test
    void shouldMatchOnlyTheTechniqueItselfWithDoubleEquals() {
        assertThat(ids("attackTag == \"T1059\"")).containsExactly("lang-3");
    }

    @Test
    void shouldReadNotEqualsAsNoSuchTag() {
        assertThat(ids("attackTag != \"T1059\"")).containsExactly("lang-4");
    }

    @Test
    void shouldMatchListsAndPatternsOfTechniqueIds() {
        assertThat(ids("attackTag IN (\"T1003\", \"T1566\")")).containsExactly("lang-2", "lang-3");
        assertThat(ids("attackTag STARTSWITH \"t1059.00\"")).containsExactly("lang-1", "lang-2", "lang-5");
        assertThat(ids("attackTag LIKE \"T10?9.*\"")).containsExactly("lang-1", "lang-2", "lang-5");
        assertThat(ids("attackTag CONTAINS \"1071\"")).containsExactly("lang-5");
    }

    @Test
    void shouldRequireOneTagToMeetEveryTagConditionJoinedByAnd() {
        assertThat(ids("attackTag = \"T1059\" AND confidence > 0.8")).containsExactly("lang-1");
        assertThat(ids("state IN (\"confirmed\") AND origin = \"USER\"")).containsExactly("lang-2");
        assertThat(ids("(attackTag = \"T1059.001\" OR attackTag = \"T1071\") AND confidence >= 0.95"))
                .containsExactly("lang-5");
    }

    @Test
    void shouldMixTagAndReportConditions() {
        assertThat(ids("attackTag = \"T1059\" AND source = \"cert feed\"")).containsExactly("lang-2", "lang-5");
        assertThat(ids("(tactic = \"execution\" OR tactic = \"initial-access\") AND NOT attackTag = \"T1105\""))
                .containsExactly("lang-5");
    }

    @Test
    void shouldCompareConfidenceOriginStateAndTactic() {
        assertThat(ids("confidence >= 0.95")).containsExactly("lang-5");
        assertThat(ids("confidence < 0.35")).containsExactly("lang-4");
        assertThat(ids("confidence <= 0.3")).containsExactly("lang-4");
        assertThat(ids("confidence = 0.88")).containsExactly("lang-2");
        assertThat(ids("origin = \"user\"")).containsExactly("lang-2", "lang-4");
        assertThat(ids("state = \"CONFIRMED\"")).containsExactly("lang-1", "lang-2");
        assertThat(ids("tactic = \"TA0001\"")).containsExactly("lang-3");
        assertThat(ids("tactic = \"Credential Access\"")).containsExactly("lang-2");
        assertThat(ids("tactic STARTSWITH \"command\"")).containsExactly("lang-1", "lang-2", "lang-3", "lang-5");
    }

    @Test
    void shouldCompareSourcesIgnoringCaseUnlessExact() {
        assertThat(ids("source = \"VENDOR BLOG\"")).containsExactly("lang-1", "lang-3");
        assertThat(ids("source == \"Vendor Blog\"")).containsExactly("lang-1");
        assertThat(ids("source STARTSWITH \"cert\"")).containsExactly("lang-2", "lang-5");
        assertThat(ids("source NOT IN (\"CERT Feed\", 'newsletter')")).containsExactly("lang-1", "lang-3");
    }

    @Test
    void shouldMatchTitlesWithContainsAndLike() {
        assertThat(ids("title CONTAINS \"lsass\"")).containsExactly("lang-2");
        assertThat(ids("title LIKE \"*100\\% sure\"")).containsExactly("lang-5");
        assertThat(ids("title LIKE \"phishing%\"")).containsExactly("lang-3");
        assertThat(ids("title = \"quiet REPORT\"")).containsExactly("lang-4");
    }

    @Test
    void shouldSearchTheFullTextWithTheEnglishAnalyzer() {
        assertThat(ids("text = \"download loader\"")).containsExactly("lang-1");
        assertThat(ids("text = \"dumping\"")).containsExactly("lang-2");
        assertThat(ids("text CONTAINS \"web protocols\"")).containsExactly("lang-5");
        assertThat(ids("text CONTAINS \"protocols web\"")).isEmpty();
    }

    @Test
    void shouldCompareDatesAsWholePeriods() {
        assertThat(ids("published = \"2024-05\"")).containsExactly("lang-1", "lang-5");
        assertThat(ids("published >= \"2025\"")).containsExactly("lang-4");
        assertThat(ids("published < \"2024\"")).containsExactly("lang-3");
        assertThat(ids("published > \"2024-05-28\"")).containsExactly("lang-2", "lang-4");
        assertThat(ids("published <= \"2023-11-20\"")).containsExactly("lang-3");
    }

    @Test
    void shouldCompareTechniqueCounts() {
        assertThat(ids("techniqueCount = 3")).containsExactly("lang-2", "lang-3");
        assertThat(ids("techniqueCount > 2")).containsExactly("lang-2", "lang-3");
        assertThat(ids("techniqueCount IN (1)")).containsExactly("lang-4");
    }

    @Test
    void shouldMatchIndicators() {
        assertThat(ids("indicator = \"203.0.113.7\"")).containsExactly("lang-1");
        assertThat(ids("indicator CONTAINS \"EXAMPLE\"")).containsExactly("lang-1");
        assertThat(ids("indicator LIKE \"*.example.com\"")).containsExactly("lang-1");
        assertThat(ids("indicator == \"evil.example.com\"")).isEmpty();
    }

    @Test
    void shouldCombineNotAndOrWithParentheses() {
        assertThat(ids("NOT source = \"CERT Feed\" AND published >= \"2024\"")).containsExactly("lang-1", "lang-4");
        assertThat(ids("source = \"Newsletter\" or (attackTag = \"T1566\" and published < \"2024\")"))
                .containsExactly("lang-3", "lang-4");
        assertThat(ids("")).containsExactly("lang-1", "lang-2", "lang-3", "lang-4", "lang-5");
    }

    @Test
    void shouldAnswerABrokenQueryWithTheOffsetAndWhatWasExpected() {
        search(Map.of("query", "attackTag = \"T1059\" AND confidence >"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Invalid query"))
                .body("status", is(400))
                .body("position", is(36))
                .body("expected", is("a value for confidence (a quoted string or a number)"))
                .body(
                        "detail",
                        is("offset 36: expected a value for confidence (a quoted string or a number), found end of"
                                + " query"))
                .body("errors[0].field", is("query"))
                .body("instance", is("/api/v1/search"));
    }

    @Test
    void shouldRejectAStateOrOriginThatTagServiceNeverStores() {
        search(Map.of("query", "state = \"ACCEPTED\""))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Invalid query"))
                .body("position", is(8))
                .body("expected", is("one of PROPOSED, CONFIRMED, REJECTED"))
                .body("errors[0].field", is("query"));
        search(Map.of("query", "origin = \"bogus\"")).statusCode(400).body("expected", is("one of SYSTEM, USER"));
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimitButRunTheDeepestAllowed() {
        search(Map.of("query", "(".repeat(3000) + "title = x" + ")".repeat(3000)))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Invalid query"))
                .body("position", is(4000))
                .body("expected", is("at most 4000 characters"));
        search(Map.of("query", "NOT ".repeat(50_000) + "title = x"))
                .statusCode(400)
                .body("position", is(4000));
        search(Map.of("query", "(".repeat(101) + "title = x" + ")".repeat(101)))
                .statusCode(400)
                .body("position", is(100))
                .body("expected", is("at most 100 levels of parentheses and NOT"));
        // OpenSearch takes what the parser lets through.
        search(Map.of("query", "NOT ".repeat(100) + "title = \"quiet report\""))
                .statusCode(200)
                .body("hits.id", contains("lang-4"));
        search(Map.of("query", "(".repeat(100) + "title = \"quiet report\"" + ")".repeat(100)))
                .statusCode(200)
                .body("hits.id", contains("lang-4"));
    }

    @Test
    void shouldRejectMoreClausesThanOpenSearchTakesButRunTheMostAllowed() {
        search(Map.of("query", "source IN (" + "x,".repeat(1029) + "\"newsletter\")"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Invalid query"))
                .body("position", is(2011))
                .body("errors[0].field", is("query"));
        search(Map.of("query", "source = x OR ".repeat(2000) + "source = x"))
                .statusCode(400)
                .body("position", is(4000));
        search(Map.of("query", "source IN (" + "x,".repeat(998) + "\"newsletter\")"))
                .statusCode(200)
                .body("hits.id", contains("lang-4"));
    }

    @Test
    void shouldRejectPatternsTooCostlyForOpenSearch() {
        search(Map.of("query", "title LIKE \"" + "%".repeat(40) + "\""))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("position", is(11))
                .body("detail", is("offset 11: the pattern has 40 wildcards (* % ?); at most 10 are allowed"));
        search(Map.of("query", "title LIKE \"" + "*".repeat(300) + "\""))
                .statusCode(400)
                .body("detail", is("offset 11: the pattern is 300 characters long; at most 256 are allowed"));
        // Within the parser's limits, yet more than OpenSearch will turn into an automaton: still the caller's 400.
        search(Map.of("query", "title LIKE \"*a?????????" + "a".repeat(200) + "\""))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("query"))
                .body("errors[0].message", startsWith("is too complex for OpenSearch (failed to create query:"));
    }

    @Test
    void shouldRejectAPageBeyondTheResultWindowWithoutOverflowing() {
        search(Map.of("page", Integer.MAX_VALUE, "size", 100))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("page"))
                .body(
                        "errors[0].message",
                        is("(page + 1) * size must be at most 10000, the most results OpenSearch pages through;"
                                + " narrow the query instead"));
        search(Map.of("page", 100, "size", 100)).statusCode(400).body("errors[0].field", is("page"));
        search(Map.of("page", 99, "size", 100)).statusCode(200).body("hits", empty());
    }

    @Test
    void shouldSayABodyMustBeAnObject() {
        given().contentType(ContentType.JSON)
                .body("[]")
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("body"))
                .body("errors[0].message", is("the body must be a JSON object"));
    }

    @Test
    void shouldRejectAnOrganisationLongerThanTagServiceAllows() {
        given().contentType(ContentType.JSON)
                .header("X-Organisation", "o".repeat(201))
                .body(Map.of("query", ""))
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("X-Organisation"))
                .body("errors[0].message", is("must be at most 200 characters"));
        given().contentType(ContentType.JSON)
                .header("X-Organisation", "o".repeat(200))
                .body(Map.of("query", ""))
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .body("total", is(0));
    }

    @Test
    void shouldPageAndSort() {
        search(Map.of("query", "", "sort", "published:asc", "size", 2, "page", 1))
                .statusCode(200)
                .body("total", is(5))
                .body("hits.id", contains("lang-5", "lang-2"))
                .body("page", is(1))
                .body("size", is(2));
        search(Map.of("query", "text = \"powershell\"", "sort", "relevance"))
                .statusCode(200)
                .body("hits.id", containsInAnyOrder("lang-1", "lang-5"))
                .body("hits[0].score", greaterThan(0f));
    }

    @Test
    void shouldRejectBadPagingAndSort() {
        search(Map.of("sort", "colour", "size", 0))
                .statusCode(400)
                .body("errors.field", contains("size", "sort"))
                .body(
                        "errors[1].message",
                        is("must be one of published:desc, published:asc, relevance, techniqueCount:desc,"
                                + " techniqueCount:asc, title:asc, title:desc"));
    }

    @Test
    void shouldRejectAPageSizeWrittenAsText() {
        search(Map.of("query", "", "size", "2"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("size"));
    }

    @Test
    void shouldCountFacetsOverEveryMatch() {
        ValidatableResponse response = search(Map.of("query", "attackTag = \"T1105\"", "size", 1))
                .statusCode(200)
                .body("total", is(3))
                .body("hits.size()", is(1));
        Map<String, Object> facets = response.extract().jsonPath().getMap("facets");
        assertThat(counts(facets.get("techniques")))
                .containsEntry("T1105", 3)
                .containsEntry("T1059.001", 1)
                .containsEntry("T1059", 1)
                .containsEntry("T1003.001", 1)
                .hasSize(6);
        assertThat(counts(facets.get("tactics")))
                .containsEntry("command-and-control", 3)
                .containsEntry("execution", 3)
                .containsEntry("credential-access", 1)
                .containsEntry("initial-access", 1)
                .hasSize(4);
        assertThat(counts(facets.get("sources")))
                .containsEntry("Vendor Blog", 1)
                .containsEntry("vendor blog", 1)
                .containsEntry("CERT Feed", 1);
        assertThat(counts(facets.get("months")))
                .containsExactly(Map.entry("2023-11", 1), Map.entry("2024-05", 1), Map.entry("2024-06", 1));
        response.body(
                        "facets.techniques.find { it.key == 'T1059.001' }.name",
                        is("Command and Scripting Interpreter: PowerShell"))
                .body("facets.tactics.find { it.key == 'execution' }.name", is("Execution"));
    }

    @Test
    void shouldKeepOrganisationsApart() {
        given().contentType(ContentType.JSON)
                .header("X-Organisation", "someone-else")
                .body(Map.of("query", "title CONTAINS \"lsass\""))
                .when()
                .post("/api/v1/search")
                .then()
                .statusCode(200)
                .body("total", is(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> counts(Object buckets) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map<String, Object> bucket : (List<Map<String, Object>>) buckets) {
            counts.put((String) bucket.get("key"), ((Number) bucket.get("count")).intValue());
        }
        return counts;
    }
}
