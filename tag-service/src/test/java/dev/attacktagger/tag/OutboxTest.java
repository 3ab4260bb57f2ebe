package dev.attacktagger.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.attacktagger.tag.SearchReceiver.Delivery;
import dev.attacktagger.tag.outbox.client.SearchIndexClient;
import dev.attacktagger.tag.outbox.service.OutboxRelay;
import dev.attacktagger.tag.outbox.service.OutboxScheduler;
import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(SearchReceiverResource.class)
class OutboxTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    OutboxScheduler scheduler;

    @Inject
    Pool pool;

    private final SearchReceiver receiver = SearchReceiver.shared();

    @AfterEach
    void resumeRelay() {
        scheduler.resume();
    }

    /**
     * Search is down while 100 changes are made; then this process's relay stops and a second relay over the same
     * database takes over, as a restarted service would, while the first one comes back beside it.
     */
    @Test
    void shouldDeliverEveryReportAtItsLatestVersionAfterSearchComesBack() throws Exception {
        receiver.stop();
        List<UUID> reports = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            reports.add(Fixtures.report("outbox"));
        }
        // Nine changes per report after its creation: 100 changes, each in its own transaction.
        for (int round = 1; round <= 9; round++) {
            for (UUID report : reports) {
                given().contentType(ContentType.JSON)
                        .header("X-Organisation", "outbox")
                        .body(Fixtures.systemTags("m" + round, "T1059.001", round / 10.0))
                        .when()
                        .put("/api/v1/reports/" + report + "/system-tags")
                        .then()
                        .statusCode(200);
            }
        }
        assertThat(count("SELECT count(*) FROM outbox WHERE report_id = ANY($1)", reports))
                .isEqualTo(100);
        assertThat(reports)
                .allSatisfy(report -> assertThat(receiver.deliveriesOf(report)).isEmpty());

        scheduler.pause();
        receiver.start();
        try (SearchIndexClient client = scheduler.newClient(SearchReceiver.url())) {
            OutboxRelay restarted = scheduler.newRelay(client, "relay-after-restart");
            scheduler.resume();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (count("SELECT count(*) FROM outbox WHERE report_id = ANY($1)", reports) > 0) {
                assertThat(System.nanoTime()).as("outbox drained in time").isLessThan(deadline);
                restarted.drain().await().atMost(PATIENCE);
                Thread.sleep(100);
            }
        }

        for (UUID report : reports) {
            List<Long> versions = receiver.deliveriesOf(report).stream()
                    .map(Delivery::version)
                    .toList();
            assertThat(versions).as("versions of %s as they arrived", report).isNotEmpty();
            assertThat(versions).as("no version after a newer one").isSortedAccordingTo(Long::compare);
            assertThat(versions).as("none twice").doesNotHaveDuplicates();
            assertThat(versions.get(versions.size() - 1)).isEqualTo(10L);
            Delivery last = receiver.deliveriesOf(report).get(versions.size() - 1);
            assertThat(last.body().path("organisation").asText()).isEqualTo("outbox");
            assertThat(last.body().path("tags").get(0).path("techniqueId").asText())
                    .isEqualTo("T1059.001");
            assertThat(last.body().path("tags").get(0).path("parentId").asText())
                    .isEqualTo("T1059");
            assertThat(last.body().path("tags").get(0).path("confidence").asDouble())
                    .isEqualTo(0.9);
            assertThat(last.body().path("tags").get(0).path("origin").asText()).isEqualTo("SYSTEM");
            assertThat(last.body().path("createdAt").asText()).endsWith("Z");
        }
        assertThat(count("SELECT count(*) FROM outbox_delivery WHERE report_id = ANY($1)", reports))
                .isZero();
    }

    @Test
    void shouldTreatConflictFromSearchAsDelivered() throws Exception {
        receiver.start();
        // Set before the report exists: the relay may deliver it as soon as it is made.
        receiver.answerOrganisation("outbox-409", 409);
        UUID report = Fixtures.report("outbox-409");
        awaitOutboxEmpty(report);
        assertThat(receiver.deliveriesOf(report)).isEmpty();
    }

    @Test
    void shouldRetryWithBackOffWhileSearchAnswersErrors() throws Exception {
        receiver.start();
        // Set before the report exists: the relay may deliver it as soon as it is made.
        receiver.answerOrganisation("outbox-503", 503);
        UUID report = Fixtures.report("outbox-503");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (count(
                        "SELECT coalesce(max(attempts), 0) FROM outbox_delivery WHERE report_id = ANY($1)",
                        List.of(report))
                < 2) {
            assertThat(System.nanoTime()).as("two failed attempts in time").isLessThan(deadline);
            Thread.sleep(100);
        }
        Row state = pool.preparedQuery("SELECT last_error, next_attempt_at > now() AS later FROM outbox_delivery"
                        + " WHERE report_id = $1")
                .execute(Tuple.of(report))
                .await()
                .atMost(PATIENCE)
                .iterator()
                .next();
        assertThat(state.getString("last_error")).startsWith("HTTP 503");
        receiver.answer(report, 200);
        awaitOutboxEmpty(report);
        assertThat(receiver.deliveriesOf(report)).extracting(Delivery::version).containsExactly(1L);
    }

    @Test
    void shouldDeliverAReportCreatedWithInlineTagsOnceAtVersionOne() throws Exception {
        receiver.start();
        scheduler.pause();
        String id = given().contentType(ContentType.JSON)
                .header("X-Organisation", "outbox-inline")
                .body(Map.of(
                        "title",
                        "Inline",
                        "text",
                        "Inline outbox " + UUID.randomUUID(),
                        "systemTags",
                        Fixtures.systemTags("m1", "T1059.001", 0.8, "T1027", 0.6)))
                .when()
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        UUID report = UUID.fromString(id);
        assertThat(count(
                        "SELECT count(*) FROM outbox WHERE report_id = ANY($1) AND report_version = 1",
                        List.of(report)))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE report_id = ANY($1)", List.of(report)))
                .isEqualTo(1);
        scheduler.resume();
        awaitOutboxEmpty(report);
        assertThat(receiver.deliveriesOf(report)).extracting(Delivery::version).containsExactly(1L);
        Delivery delivery = receiver.deliveriesOf(report).get(0);
        assertThat(delivery.body().path("tags").findValuesAsText("techniqueId"))
                .containsExactlyInAnyOrder("T1027", "T1059.001");
    }

    private void awaitOutboxEmpty(UUID report) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (count("SELECT count(*) FROM outbox WHERE report_id = ANY($1)", List.of(report)) > 0) {
            assertThat(System.nanoTime()).as("outbox drained in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private long count(String sql, List<UUID> reports) {
        Row row = pool.preparedQuery(sql)
                .execute(Tuple.of(reports.toArray(new UUID[0])))
                .await()
                .atMost(PATIENCE)
                .iterator()
                .next();
        return row.getLong(0);
    }
}
