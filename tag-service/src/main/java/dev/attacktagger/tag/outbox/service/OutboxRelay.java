package dev.attacktagger.tag.outbox.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import dev.attacktagger.tag.outbox.client.SearchIndexClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Delivers the outbox to search-service: at least once, in order per report, idempotent by version.
 *
 * <p>A relay first takes a lease on a batch of reports with outbox rows (a row per report in
 * {@code outbox_delivery}), so that two relays over one database never send the same report at the same time. For
 * each report it sends the report's current state, whatever version that is: versions in between are coalesced away.
 * Once search accepts it (or answers 409: it holds that version or a newer one), the outbox rows up to that version
 * go. A failure keeps the rows and pushes the report's next attempt back exponentially. Since a report is only ever
 * sent at its current version and never by two relays at once, no version reaches search after a newer one did, as
 * long as a delivery ends within its lease; the request timeout is kept well below the lease for that reason.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String CLAIM = "WITH candidates AS ("
            + " SELECT o.report_id, min(o.id) AS first_id FROM outbox o"
            + " LEFT JOIN outbox_delivery d ON d.report_id = o.report_id"
            + " WHERE d.report_id IS NULL OR (d.lease_until <= now() AND d.next_attempt_at <= now())"
            + " GROUP BY o.report_id ORDER BY first_id LIMIT $1)"
            + " INSERT INTO outbox_delivery (report_id, owner, lease_until, attempts, next_attempt_at)"
            + " SELECT report_id, $2, now() + $3 * interval '1 millisecond', 0, now() FROM candidates"
            + " ON CONFLICT (report_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until"
            + " WHERE outbox_delivery.lease_until <= now() AND outbox_delivery.next_attempt_at <= now()"
            + " RETURNING report_id, attempts";

    private static final String DELIVERED = "DELETE FROM outbox WHERE report_id = $1 AND report_version <= $2";

    private static final String RELEASE = "DELETE FROM outbox_delivery WHERE report_id = $1 AND owner = $2";

    private static final String FAILED = "UPDATE outbox_delivery SET attempts = attempts + 1, lease_until = now(),"
            + " next_attempt_at = now() + $3 * interval '1 millisecond', last_error = $4"
            + " WHERE report_id = $1 AND owner = $2";

    /**
     * How a relay works.
     *
     * @param batchSize reports leased at once
     * @param concurrency deliveries in flight at once
     * @param lease how long a lease lasts; longer than any delivery takes
     * @param backoffInitial the wait after the first failure, doubled after each further one
     * @param backoffMax the longest wait
     */
    public record Settings(
            int batchSize, int concurrency, Duration lease, Duration backoffInitial, Duration backoffMax) {}

    private final String owner;
    private final Pool pool;
    private final SearchIndexClient search;
    private final SearchDocuments documents;
    private final Settings settings;
    private final Counter delivered;
    private final Counter failed;

    public OutboxRelay(
            String owner,
            Pool pool,
            SearchIndexClient search,
            SearchDocuments documents,
            Settings settings,
            MeterRegistry registry) {
        this.owner = owner;
        this.pool = pool;
        this.search = search;
        this.documents = documents;
        this.settings = settings;
        this.delivered = Counter.builder("attacktagger.outbox.delivered")
                .description("Report versions search-service accepted")
                .register(registry);
        this.failed = Counter.builder("attacktagger.outbox.failed")
                .description("Deliveries to search-service that failed and will be retried")
                .register(registry);
    }

    public String owner() {
        return owner;
    }

    /** Delivers until no report is due; emits how many reports were handled. */
    public Uni<Integer> drain() {
        return runOnce()
                .chain(handled -> handled < settings.batchSize()
                        ? Uni.createFrom().item(handled)
                        : drain().map(more -> handled + more));
    }

    /** Leases one batch of due reports and delivers each; emits how many were leased. */
    public Uni<Integer> runOnce() {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(settings.batchSize(), owner, settings.lease().toMillis()))
                .chain(rows -> {
                    List<Claim> claims = new ArrayList<>();
                    for (Row row : rows) {
                        claims.add(new Claim(row.getUUID("report_id"), row.getInteger("attempts")));
                    }
                    if (claims.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Multi.createFrom()
                            .iterable(claims)
                            .onItem()
                            .transformToUni(this::deliver)
                            .merge(settings.concurrency())
                            .collect()
                            .asList()
                            .map(done -> claims.size());
                });
    }

    private record Claim(UUID reportId, int attempts) {}

    private Uni<Void> deliver(Claim claim) {
        return documents
                .current(claim.reportId())
                .chain(document -> {
                    if (document.isEmpty()) {
                        return acknowledge(claim.reportId(), Long.MAX_VALUE);
                    }
                    long version = document.get().getLong("version");
                    return search.put(claim.reportId(), document.get()).chain(answer -> {
                        if (answer.delivered()) {
                            delivered.increment();
                            LOG.debugf(
                                    "report %s version %d delivered to search (HTTP %d) by %s",
                                    claim.reportId(), version, answer.status(), owner);
                            return acknowledge(claim.reportId(), version);
                        }
                        return retryLater(claim, "HTTP " + answer.status() + " " + answer.body());
                    });
                })
                .onFailure()
                .recoverWithUni(failure -> retryLater(claim, String.valueOf(failure.getMessage())));
    }

    private Uni<Void> acknowledge(UUID reportId, long version) {
        return pool.withTransaction(connection -> connection
                .preparedQuery(DELIVERED)
                .execute(Tuple.of(reportId, version))
                .chain(() -> connection.preparedQuery(RELEASE).execute(Tuple.of(reportId, owner)))
                .replaceWithVoid());
    }

    private Uni<Void> retryLater(Claim claim, String error) {
        failed.increment();
        long wait = backoff(claim.attempts() + 1);
        if (claim.attempts() == 0 || (claim.attempts() + 1) % 10 == 0) {
            LOG.warnf(
                    "report %s could not be delivered to search (attempt %d, next in %d ms): %s",
                    claim.reportId(), claim.attempts() + 1, wait, error);
        } else {
            LOG.debugf("report %s: attempt %d failed: %s", claim.reportId(), claim.attempts() + 1, error);
        }
        return pool.preparedQuery(FAILED)
                .execute(Tuple.of(claim.reportId(), owner, wait, error))
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "report %s: the failed delivery could not be recorded; its lease runs out instead: %s",
                        claim.reportId(), e.getMessage()))
                .onFailure()
                .recoverWithNull();
    }

    /** The wait before attempt {@code attempt + 1}: doubled each time, capped, with a tenth of jitter. */
    long backoff(int attempt) {
        long initial = settings.backoffInitial().toMillis();
        long max = settings.backoffMax().toMillis();
        long wait = initial << Math.min(attempt - 1, 30);
        wait = wait <= 0 ? max : Math.min(wait, max);
        return wait + ThreadLocalRandom.current().nextLong(wait / 10 + 1);
    }
}
