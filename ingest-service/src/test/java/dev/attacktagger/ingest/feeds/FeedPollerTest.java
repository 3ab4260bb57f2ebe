package dev.attacktagger.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.attacktagger.ingest.feeds.model.Feed;
import dev.attacktagger.ingest.feeds.repository.FeedRepository;
import dev.attacktagger.ingest.feeds.service.FeedItems;
import dev.attacktagger.ingest.feeds.service.FeedPoller;
import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.repository.JobRepository;
import dev.attacktagger.ingest.testing.Fixtures;
import dev.attacktagger.ingest.testing.JobsDatabase;
import dev.attacktagger.ingest.testing.Pipelines;
import dev.attacktagger.ingest.testing.TestSite;

/** The feed poller over a real PostgreSQL and feeds served on 127.0.0.1. */
class FeedPollerTest {

    private static JobsDatabase database;
    private static TestSite site;
    private static JobRepository jobs;
    private static FeedRepository feeds;

    @BeforeAll
    static void start() {
        database = new JobsDatabase();
        site = new TestSite();
        jobs = new JobRepository(database.dataSource());
        feeds = new FeedRepository(database.dataSource(), jobs);
    }

    @AfterAll
    static void stop() {
        site.close();
        database.close();
    }

    private static List<String> jobUrls(UUID feedId) throws SQLException {
        List<String> urls = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT url FROM ingest_job WHERE feed_id = ? ORDER BY url")) {
            select.setObject(1, feedId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    urls.add(rows.getString(1));
                }
            }
        }
        return urls;
    }

    /**
     * The one job queued for {@code feedId}. Looked up by feed rather than claimed: the tests share a database, and a
     * claim takes the oldest waiting job, which depends on which test ran first.
     */
    private static Job onlyJobOf(UUID feedId) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM ingest_job WHERE feed_id = ?")) {
            select.setObject(1, feedId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        assertThat(ids).hasSize(1);
        return jobs.find(ids.get(0), "default").orElseThrow();
    }

    private static void makeDue(UUID feedId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE ingest_feed SET next_poll_at = now() WHERE id = ?")) {
            update.setObject(1, feedId);
            update.executeUpdate();
        }
    }

    @Test
    void shouldQueueEveryNewRssItemOnceAcrossPollsAndRestarts() throws SQLException {
        site.serve(
                "/rss.xml",
                "application/rss+xml",
                Fixtures.rss(List.of(
                        new String[] {"First post", site.url("/posts/1"), "guid-1"},
                        new String[] {"Second post", "/posts/2", "guid-2"})));
        Feed feed = feeds.insert("default", "RSS blog", site.url("/rss.xml"), 30);
        AtomicInteger wakeups = new AtomicInteger();

        int first = new FeedPoller(feeds, Pipelines.fetcher(), wakeups::incrementAndGet).pollDue();

        assertThat(first).isEqualTo(2);
        assertThat(wakeups).hasValue(1);
        assertThat(jobUrls(feed.id())).containsExactly(site.url("/posts/1"), site.url("/posts/2"));
        Feed polled = feeds.find(feed.id(), "default").orElseThrow();
        assertThat(polled.itemsSeen()).isEqualTo(2);
        assertThat(polled.lastPolledAt()).isNotNull();
        assertThat(polled.lastError()).isNull();

        // Not due again before its interval.
        assertThat(new FeedPoller(feeds, Pipelines.fetcher(), () -> {}).pollDue())
                .isZero();

        // A new poller, as after a restart, over the same database; the feed now has a third item.
        site.serve(
                "/rss.xml",
                "application/rss+xml",
                Fixtures.rss(List.of(
                        new String[] {"Third post", site.url("/posts/3"), "guid-3"},
                        new String[] {"First post, edited", site.url("/posts/1"), "guid-1"},
                        new String[] {"Second post", "/posts/2", "guid-2"})));
        makeDue(feed.id());
        int afterRestart = new FeedPoller(feeds, Pipelines.fetcher(), () -> {}).pollDue();

        assertThat(afterRestart).isEqualTo(1);
        assertThat(jobUrls(feed.id()))
                .containsExactly(site.url("/posts/1"), site.url("/posts/2"), site.url("/posts/3"));
    }

    @Test
    void shouldQueueAtomEntriesWithTheirTitleDateAndSource() throws SQLException {
        site.serve("/atom.xml", "application/atom+xml", Fixtures.atom(List.<String[]>of(new String[] {
            "Atom entry", site.url("/atom/1"), "urn:entry:1"
        })));
        Feed feed = feeds.insert("default", "Atom blog", site.url("/atom.xml"), 30);

        int found = new FeedPoller(feeds, Pipelines.fetcher(), () -> {}).poll(feed);

        assertThat(found).isEqualTo(1);
        Job job = onlyJobOf(feed.id());
        assertThat(job.url()).isEqualTo(site.url("/atom/1"));
        assertThat(job.title()).isEqualTo("Atom entry");
        assertThat(job.source()).isEqualTo("Atom blog");
        assertThat(job.publishedAt()).isEqualTo("2024-05-02");
        assertThat(job.feedId()).isEqualTo(feed.id());
    }

    @Test
    void shouldRecordAFeedThatCannotBeReadOnTheFeed() {
        site.serve("/broken.xml", "application/rss+xml", "<rss><channel><item>");
        Feed feed = feeds.insert("default", "Broken", site.url("/broken.xml"), 30);

        int found = new FeedPoller(feeds, Pipelines.fetcher(), () -> {}).poll(feed);

        assertThat(found).isZero();
        assertThat(feeds.find(feed.id(), "default").orElseThrow().lastError())
                .startsWith("not a readable RSS or Atom feed");
    }

    @Test
    void shouldRefuseFeedsWithADocumentTypeDeclaration() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>"
                + "<rss version=\"2.0\"><channel><title>&secret;</title><item><title>x</title>"
                + "<link>http://127.0.0.1/x</link></item></channel></rss>";

        assertThatThrownBy(() -> FeedItems.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a readable RSS or Atom feed");
    }
}
