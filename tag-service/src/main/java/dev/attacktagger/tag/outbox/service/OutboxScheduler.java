package dev.attacktagger.tag.outbox.service;

import java.time.Duration;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.attacktagger.tag.attack.service.TechniqueCatalogue;
import dev.attacktagger.tag.outbox.client.SearchIndexClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/** Runs this process's outbox relay on a timer. */
@ApplicationScoped
public class OutboxScheduler {

    private static final Logger LOG = Logger.getLogger(OutboxScheduler.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    TechniqueCatalogue catalogue;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "attacktagger.search.url")
    String searchUrl;

    @ConfigProperty(name = "attacktagger.outbox.enabled")
    boolean enabled;

    @ConfigProperty(name = "attacktagger.outbox.batch-size")
    int batchSize;

    @ConfigProperty(name = "attacktagger.outbox.concurrency")
    int concurrency;

    @ConfigProperty(name = "attacktagger.outbox.lease")
    Duration lease;

    @ConfigProperty(name = "attacktagger.outbox.request-timeout")
    Duration requestTimeout;

    @ConfigProperty(name = "attacktagger.outbox.backoff-initial")
    Duration backoffInitial;

    @ConfigProperty(name = "attacktagger.outbox.backoff-max")
    Duration backoffMax;

    private volatile boolean paused;
    private SearchIndexClient client;
    private OutboxRelay relay;

    private synchronized OutboxRelay relay() {
        if (relay == null) {
            client = new SearchIndexClient(vertx, searchUrl, requestTimeout);
            relay = newRelay(client, "relay-" + UUID.randomUUID());
            LOG.infof("outbox relay %s delivers to %s (enabled: %s)", relay.owner(), searchUrl, enabled);
        }
        return relay;
    }

    /** A relay over this process's database and search client settings; another one acts like another process. */
    public OutboxRelay newRelay(SearchIndexClient search, String owner) {
        if (lease.compareTo(requestTimeout.multipliedBy(3)) < 0) {
            throw new IllegalStateException("attacktagger.outbox.lease (" + lease
                    + ") must be at least three times attacktagger.outbox.request-timeout (" + requestTimeout + ")");
        }
        return new OutboxRelay(
                owner,
                pool,
                search,
                new SearchDocuments(pool, catalogue),
                new OutboxRelay.Settings(batchSize, concurrency, lease, backoffInitial, backoffMax),
                registry);
    }

    /** A search client with this process's settings, pointed at {@code url}. */
    public SearchIndexClient newClient(String url) {
        return new SearchIndexClient(vertx, url, requestTimeout);
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            relay();
        }
    }

    @Scheduled(every = "${attacktagger.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!enabled || paused) {
            return Uni.createFrom().voidItem();
        }
        return relay().drain()
                .onFailure()
                .invoke(e -> LOG.warnf("outbox relay run failed, next run retries: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Stops this process's relay from starting new runs; a run in progress finishes. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
