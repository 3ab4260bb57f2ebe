package dev.attacktagger.ingest.feeds;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.attacktagger.ingest.testing.FakePeers;
import dev.attacktagger.ingest.testing.FakePeersResource;
import dev.attacktagger.ingest.testing.Fixtures;
import dev.attacktagger.ingest.testing.TestSite;
import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(FakePeersResource.class)
class FeedApiTest {

    private final TestSite site = FakePeersResource.site();
    private final FakePeers peers = FakePeersResource.peers();

    private static Response create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/feeds");
    }

    @Test
    void shouldIngestEveryItemOfANewFeedOnce() {
        site.serve(
                        "/feed-api/rss.xml",
                        "application/rss+xml",
                        Fixtures.rss(List.of(
                                new String[] {"Feed post A", site.url("/feed-api/a"), "feed-api-a"},
                                new String[] {"Feed post B", site.url("/feed-api/b"), "feed-api-b"})))
                .serve(
                        "/feed-api/a",
                        "text/html",
                        "<html><body><p>Feed post A: the crew relied on PowerShell scripts.</p></body></html>")
                .serve(
                        "/feed-api/b",
                        "text/html",
                        "<html><body><p>Feed post B: spearphishing mails reached the board.</p></body></html>");

        String location = create(
                        Map.of("url", site.url("/feed-api/rss.xml"), "name", "Research blog", "intervalMinutes", 30))
                .then()
                .statusCode(201)
                .header("Location", matchesPattern("/api/v1/feeds/[0-9a-f-]{36}"))
                .body("name", equalTo("Research blog"))
                .body("intervalMinutes", equalTo(30))
                .extract()
                .header("Location");

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && (site.hits("/feed-api/a") == 0
                        || site.hits("/feed-api/b") == 0
                        || given().get(location).jsonPath().getInt("itemsSeen") < 2)) {
            sleep(200);
        }
        given().when().get(location).then().statusCode(200).body("itemsSeen", equalTo(2));
        awaitReportWithText("Feed post A: the crew relied on PowerShell scripts.");
        awaitReportWithText("Feed post B: spearphishing mails reached the board.");
        sleep(1000);
        assertThat(site.hits("/feed-api/a")).isEqualTo(1);
        assertThat(site.hits("/feed-api/b")).isEqualTo(1);
    }

    @Test
    void shouldListGetAndDeleteFeeds() {
        site.serve("/feed-api/crud.xml", "application/rss+xml", Fixtures.rss(List.of()));
        String location = create(Map.of("url", site.url("/feed-api/crud.xml")))
                .then()
                .statusCode(201)
                .body("intervalMinutes", equalTo(60))
                .body("name", equalTo("127.0.0.1"))
                .extract()
                .header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().when().get("/api/v1/feeds").then().statusCode(200).body("id", hasItem(id));
        given().when().get(location).then().statusCode(200).body("url", equalTo(site.url("/feed-api/crud.xml")));
        given().header("X-Organisation", "other").when().get(location).then().statusCode(404);
        given().when().delete(location).then().statusCode(204);
        given().when()
                .get(location)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no feed with id " + id));
        given().when().delete(location).then().statusCode(404);
    }

    @Test
    void shouldAnswer409ForAFeedFollowedAlready() {
        site.serve("/feed-api/twice.xml", "application/rss+xml", Fixtures.rss(List.of()));
        String location = create(Map.of("url", site.url("/feed-api/twice.xml")))
                .then()
                .statusCode(201)
                .extract()
                .header("Location");

        create(Map.of("url", site.url("/feed-api/twice.xml")))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("existingId", equalTo(location.substring(location.lastIndexOf('/') + 1)));
    }

    @Test
    void shouldRejectInvalidFeeds() {
        create(Map.of("url", "ftp://example.com/feed", "intervalMinutes", 0))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("url", "intervalMinutes"))
                .body("errors[0].message", equalTo("must be an absolute http or https URL"))
                .body("errors[1].message", equalTo("must be between 1 and 10080 minutes"));
        create(Map.of("url", "http://192.168.10.10/feed.xml"))
                .then()
                .statusCode(400)
                .body(
                        "errors[0].message",
                        equalTo("refused to fetch http://192.168.10.10/feed.xml: 192.168.10.10 is a private address"));
    }

    @Test
    void shouldAnswerAJsonArrayInsteadOfAnObjectWithAProblem() {
        given().contentType(ContentType.JSON)
                .body("[]")
                .when()
                .post("/api/v1/feeds")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://attack-tagger.dev/problems/400"))
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void shouldRejectANameWithANulCharacterAndAnAmbiguousAddress() {
        create(Map.of("url", "http://0x7f.0.0.1/feed.xml", "name", "nul\u0000name"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("url", "name"))
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("the host 0x7f.0.0.1 is an ambiguous"))
                .body("errors[1].message", equalTo("must not contain NUL characters (\\u0000)"));
    }

    @Test
    void shouldRejectAnIntervalWrittenAsText() {
        create(Map.of("url", site.url("/feed-api/typed.xml"), "intervalMinutes", "60"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("intervalMinutes"));
    }

    private void awaitReportWithText(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (peers.reportsWithText(text) == 1) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("no single report with the text: " + text);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
