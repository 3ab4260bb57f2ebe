package dev.attacktagger.ingest.feeds.service;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.attacktagger.ingest.feeds.model.Feed;
import dev.attacktagger.ingest.feeds.repository.FeedRepository;
import dev.attacktagger.ingest.fetch.FetchException;
import dev.attacktagger.ingest.fetch.FetchedResource;
import dev.attacktagger.ingest.fetch.GuardedFetcher;
import dev.attacktagger.ingest.jobs.model.JobKind;
import dev.attacktagger.ingest.jobs.model.NewJob;

/**
 * Polls feeds that are due and makes a URL job for every item not seen before. Items are remembered in the database by
 * guid (or link), so a restart or a second instance ingests no item twice; an item whose job fails is not retried by
 * the feed.
 */
public class FeedPoller {

    private static final Logger LOG = Logger.getLogger(FeedPoller.class);
    static final String FEED_USER = "feed-poller";

    private final FeedRepository feeds;
    private final GuardedFetcher fetcher;
    private final Runnable newJobs;

    /** @param newJobs called after a poll made jobs, to wake the job workers */
    public FeedPoller(FeedRepository feeds, GuardedFetcher fetcher, Runnable newJobs) {
        this.feeds = feeds;
        this.fetcher = fetcher;
        this.newJobs = newJobs;
    }

    /** Polls every feed that is due; returns how many new items were found. */
    public int pollDue() {
        int found = 0;
        for (Feed feed : feeds.claimDue()) {
            found += poll(feed);
        }
        if (found > 0) {
            newJobs.run();
        }
        return found;
    }

    /** Polls one feed now; returns how many new items it had. Failures are recorded on the feed, not thrown. */
    public int poll(Feed feed) {
        List<FeedItems.Item> items;
        try {
            FetchedResource document = fetcher.fetch(URI.create(feed.url()));
            items = FeedItems.parse(document.body());
        } catch (FetchException | IllegalArgumentException e) {
            feeds.polled(feed.id(), e.getMessage());
            LOG.debugf("feed [%s] not polled: %s", feed.url(), e.getMessage());
            return 0;
        }
        int created = 0;
        for (FeedItems.Item item : items) {
            String link = absolute(feed.url(), item.link());
            if (link == null) {
                continue;
            }
            NewJob job = new NewJob(
                    JobKind.URL,
                    feed.organisation(),
                    FEED_USER,
                    item.title(),
                    feed.name(),
                    link,
                    item.publishedAt(),
                    null,
                    null,
                    null,
                    feed.id());
            Optional<UUID> jobId = feeds.recordItem(feed.id(), item.key(), link, job);
            if (jobId.isPresent()) {
                created++;
                LOG.debugf("feed [%s] item [%s] queued as job [%s]", feed.name(), link, jobId.get());
            }
        }
        feeds.polled(feed.id(), null);
        return created;
    }

    /** A link as an absolute URL, relative ones resolved against the feed's; null when there is none or it is bad. */
    private static String absolute(String feedUrl, String link) {
        if (link == null) {
            return null;
        }
        try {
            return URI.create(feedUrl).resolve(link.strip()).toString();
        } catch (IllegalArgumentException e) {
            LOG.debugf("feed [%s] has an item with a bad link [%s]", feedUrl, link);
            return null;
        }
    }
}
