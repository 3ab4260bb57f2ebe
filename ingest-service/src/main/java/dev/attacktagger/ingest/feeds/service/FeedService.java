package dev.attacktagger.ingest.feeds.service;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.attacktagger.ingest.feeds.model.Feed;
import dev.attacktagger.ingest.feeds.repository.FeedRepository;
import dev.attacktagger.ingest.fetch.FetchException;
import dev.attacktagger.ingest.fetch.GuardedFetcher;
import dev.attacktagger.ingest.jobs.service.JobService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Feeds: their registration, and a timer that polls the due ones. */
@Singleton
public class FeedService {

    private static final Logger LOG = Logger.getLogger(FeedService.class);

    private final FeedRepository feeds;
    private final GuardedFetcher fetcher;
    private final FeedPoller poller;
    private final Duration tick;
    private final boolean enabled;
    private ScheduledExecutorService timer;

    FeedService(
            FeedRepository feeds,
            GuardedFetcher fetcher,
            JobService jobs,
            @ConfigProperty(name = "attacktagger.ingest.feeds.tick", defaultValue = "30s") Duration tick,
            @ConfigProperty(name = "attacktagger.ingest.feeds.enabled", defaultValue = "true") boolean enabled) {
        this.feeds = feeds;
        this.fetcher = fetcher;
        this.poller = new FeedPoller(feeds, fetcher, jobs::wake);
        this.tick = tick;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "feed-poller");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::pollDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("feeds are checked every %s", tick);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** What adding a feed did: the feed, and whether it was new (false when the URL was registered already). */
    public record Added(Feed feed, boolean created) {}

    /**
     * Registers a feed; the URL is checked by the fetch guard first.
     *
     * @throws FetchException when the URL may not be fetched
     */
    public Added add(String organisation, String name, String url, int intervalMinutes) throws FetchException {
        fetcher.check(URI.create(url));
        Optional<Feed> existing = feeds.findByUrl(organisation, url);
        if (existing.isPresent()) {
            return new Added(existing.get(), false);
        }
        Feed feed = feeds.insert(organisation, name, url, intervalMinutes);
        LOG.debugf("feed [%s] added: %s every %d min", feed.id(), url, intervalMinutes);
        return new Added(feed, true);
    }

    public List<Feed> list(String organisation) {
        return feeds.list(organisation);
    }

    public Optional<Feed> find(UUID id, String organisation) {
        return feeds.find(id, organisation);
    }

    public boolean delete(UUID id, String organisation) {
        return feeds.delete(id, organisation);
    }

    /** Polls every due feed now; what the timer runs. */
    public int pollDue() {
        try {
            return poller.pollDue();
        } catch (RuntimeException e) {
            LOG.warnf("feed poll failed: %s", e.getMessage());
            return 0;
        }
    }
}
