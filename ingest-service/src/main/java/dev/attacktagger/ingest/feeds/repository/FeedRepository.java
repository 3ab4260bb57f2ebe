package dev.attacktagger.ingest.feeds.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import dev.attacktagger.ingest.feeds.model.Feed;
import dev.attacktagger.ingest.jobs.model.NewJob;
import dev.attacktagger.ingest.jobs.repository.JobRepository;

/** Feeds and the items seen in them, in PostgreSQL over plain JDBC. */
public class FeedRepository {

    private static final String COLUMNS = "id, organisation, name, url, interval_minutes, created_at, next_poll_at,"
            + " last_polled_at, last_error, items_seen";

    private final DataSource dataSource;
    private final JobRepository jobs;

    public FeedRepository(DataSource dataSource, JobRepository jobs) {
        this.dataSource = dataSource;
        this.jobs = jobs;
    }

    /** The feed of an organisation with this URL, if there is one already. */
    public Optional<Feed> findByUrl(String organisation, String url) {
        return one("SELECT " + COLUMNS + " FROM ingest_feed WHERE organisation = ? AND url = ?", organisation, url);
    }

    /** Stores a new feed, due for its first poll at once. */
    public Feed insert(String organisation, String name, String url, int intervalMinutes) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        execute(
                "INSERT INTO ingest_feed (id, organisation, name, url, interval_minutes, created_at, next_poll_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                id,
                organisation,
                name,
                url,
                intervalMinutes,
                now,
                now);
        return find(id, organisation).orElseThrow();
    }

    public Optional<Feed> find(UUID id, String organisation) {
        return one("SELECT " + COLUMNS + " FROM ingest_feed WHERE id = ? AND organisation = ?", id, organisation);
    }

    public List<Feed> list(String organisation) {
        return many(
                "SELECT " + COLUMNS + " FROM ingest_feed WHERE organisation = ? ORDER BY created_at, id", organisation);
    }

    /** Deletes a feed and its seen items; false when there was none. */
    public boolean delete(UUID id, String organisation) {
        return execute("DELETE FROM ingest_feed WHERE id = ? AND organisation = ?", id, organisation) > 0;
    }

    /**
     * Takes the feeds that are due, moving each one's next poll a full interval ahead at once so that no other
     * instance polls it too.
     */
    public List<Feed> claimDue() {
        return many("UPDATE ingest_feed SET next_poll_at = now() + make_interval(mins => interval_minutes)"
                + " WHERE id IN (SELECT id FROM ingest_feed WHERE next_poll_at <= now() FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + COLUMNS);
    }

    /** Notes how a poll went; {@code error} null for a good one. */
    public void polled(UUID id, String error) {
        execute("UPDATE ingest_feed SET last_polled_at = now(), last_error = ? WHERE id = ?", error, id);
    }

    /**
     * Records an item of a feed and makes its job, in one transaction; does nothing for an item seen before.
     *
     * @return the new job's id, or empty when the item had been seen
     */
    public Optional<UUID> recordItem(UUID feedId, String itemKey, String link, NewJob job) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                int inserted;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO ingest_feed_item (feed_id, item_key, link, seen_at) VALUES (?, ?, ?, now())"
                                + " ON CONFLICT DO NOTHING")) {
                    insert.setObject(1, feedId);
                    insert.setString(2, itemKey);
                    insert.setString(3, link);
                    inserted = insert.executeUpdate();
                }
                if (inserted == 0) {
                    connection.rollback();
                    return Optional.empty();
                }
                UUID jobId = jobs.insert(connection, job);
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE ingest_feed_item SET job_id = ? WHERE feed_id = ? AND item_key = ?")) {
                    update.setObject(1, jobId);
                    update.setObject(2, feedId);
                    update.setString(3, itemKey);
                    update.executeUpdate();
                }
                try (PreparedStatement count = connection.prepareStatement(
                        "UPDATE ingest_feed SET items_seen = items_seen + 1 WHERE id = ?")) {
                    count.setObject(1, feedId);
                    count.executeUpdate();
                }
                connection.commit();
                return Optional.of(jobId);
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a feed item: " + e.getMessage(), e);
        }
    }

    private int execute(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("feed storage failed: " + e.getMessage(), e);
        }
    }

    private Optional<Feed> one(String sql, Object... values) {
        List<Feed> feeds = many(sql, values);
        return feeds.isEmpty() ? Optional.empty() : Optional.of(feeds.get(0));
    }

    private List<Feed> many(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, values);
                ResultSet rows = statement.executeQuery()) {
            List<Feed> feeds = new ArrayList<>();
            while (rows.next()) {
                feeds.add(new Feed(
                        rows.getObject("id", UUID.class),
                        rows.getString("organisation"),
                        rows.getString("name"),
                        rows.getString("url"),
                        rows.getInt("interval_minutes"),
                        instant(rows, "created_at"),
                        instant(rows, "next_poll_at"),
                        instant(rows, "last_polled_at"),
                        rows.getString("last_error"),
                        rows.getInt("items_seen")));
            }
            return feeds;
        } catch (SQLException e) {
            throw new IllegalStateException("feed storage failed: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
