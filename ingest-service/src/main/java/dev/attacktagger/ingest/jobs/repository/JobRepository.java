package dev.attacktagger.ingest.jobs.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.model.JobKind;
import dev.attacktagger.ingest.jobs.model.JobState;
import dev.attacktagger.ingest.jobs.model.NewJob;
import dev.attacktagger.ingest.jobs.model.ReportDraft;

/**
 * Jobs in PostgreSQL, over plain JDBC.
 *
 * <p>Workers take jobs with a lease: {@link #claim} marks one runnable job as theirs until the lease runs out, with
 * {@code FOR UPDATE SKIP LOCKED} so that several workers and several service instances never take the same job. A
 * worker renews its leases while it runs; when an instance dies its leases run out and another instance takes the
 * jobs over from their last checkpoint. Every write that moves a job checks that the writer still holds the lease.
 */
public class JobRepository {

    private static final String COLUMNS = "id, state, kind, organisation, requested_by, title, source, url,"
            + " published_at, file_name, media_type, feed_id, work, warnings, reason, attempts, last_error,"
            + " next_attempt_at, created_at, updated_at, extracting_at, classifying_at, storing_at, finished_at,"
            + " extract_millis, classify_millis, store_millis";
    private static final TypeReference<List<ReportDraft>> REPORTS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final DataSource dataSource;
    private final ObjectMapper json;

    public JobRepository(DataSource dataSource) {
        this.dataSource = dataSource;
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** Stores a new job in state {@code QUEUED}, runnable at once, and returns its id. */
    public UUID insert(NewJob job) {
        try (Connection connection = dataSource.getConnection()) {
            return insert(connection, job);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a job: " + e.getMessage(), e);
        }
    }

    /** Stores a new job on the caller's connection, so that it can share the caller's transaction. */
    public UUID insert(Connection connection, NewJob job) throws SQLException {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ingest_job (id, state, kind,"
                + " organisation, requested_by, title, source, url, published_at, file_name, media_type, content,"
                + " feed_id, next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            insert.setObject(1, id);
            insert.setString(2, JobState.QUEUED.name());
            insert.setString(3, job.kind().name());
            insert.setString(4, job.organisation());
            insert.setString(5, job.requestedBy());
            insert.setString(6, job.title());
            insert.setString(7, job.source());
            insert.setString(8, job.url());
            insert.setString(9, job.publishedAt());
            insert.setString(10, job.fileName());
            insert.setString(11, job.mediaType());
            insert.setBytes(12, job.content());
            insert.setObject(13, job.feedId());
            insert.setTimestamp(14, now);
            insert.setTimestamp(15, now);
            insert.setTimestamp(16, now);
            insert.executeUpdate();
        }
        return id;
    }

    /** A job of an organisation, without its content. */
    public Optional<Job> find(UUID id, String organisation) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM ingest_job WHERE id = ? AND organisation = ?")) {
            select.setObject(1, id);
            select.setString(2, organisation);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row, null)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read job " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the runnable job that has waited longest, if any: not ended, due, and not leased by a live worker.
     *
     * @return the job with its content, leased to {@code owner} for {@code lease}
     */
    public Optional<Job> claim(String owner, Duration lease) {
        String sql = "UPDATE ingest_job SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)"
                + " WHERE id = (SELECT id FROM ingest_job WHERE state NOT IN ('DONE', 'PARTIAL', 'FAILED')"
                + " AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())"
                + " ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + COLUMNS + ", content";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(sql)) {
            claim.setString(1, owner);
            claim.setDouble(2, lease.toMillis() / 1000.0);
            try (ResultSet row = claim.executeQuery()) {
                return row.next() ? Optional.of(read(row, row.getBytes("content"))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim a job: " + e.getMessage(), e);
        }
    }

    /** Extends the leases {@code owner} holds on {@code ids}. */
    public void renewLeases(String owner, Collection<UUID> ids, Duration lease) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement renew = connection.prepareStatement(
                        "UPDATE ingest_job SET lease_until = now() + make_interval(secs => ?)"
                                + " WHERE lease_owner = ? AND id = ANY (?)")) {
            renew.setDouble(1, lease.toMillis() / 1000.0);
            renew.setString(2, owner);
            renew.setArray(3, connection.createArrayOf("uuid", ids.toArray()));
            renew.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot renew job leases: " + e.getMessage(), e);
        }
    }

    /** Moves a leased job into a working state, noting when it first entered it. */
    public void enter(UUID id, String owner, JobState state) {
        String column = switch (state) {
            case EXTRACTING -> "extracting_at";
            case CLASSIFYING -> "classifying_at";
            case STORING -> "storing_at";
            default -> throw new IllegalArgumentException("not a working state: " + state);
        };
        update(
                "UPDATE ingest_job SET state = ?, " + column + " = coalesce(" + column + ", now()), updated_at = now()"
                        + " WHERE id = ? AND lease_owner = ?",
                state.name(),
                id,
                owner);
    }

    /**
     * Saves the pipeline's progress on a leased job.
     *
     * @param millisColumn which stage's time to add {@code millis} to: {@code extract}, {@code classify} or
     *     {@code store}
     */
    public void checkpoint(
            UUID id, String owner, List<ReportDraft> reports, List<String> warnings, String millisColumn, long millis) {
        if (!List.of("extract", "classify", "store").contains(millisColumn)) {
            throw new IllegalArgumentException("no such stage: " + millisColumn);
        }
        update(
                "UPDATE ingest_job SET work = ?::jsonb, warnings = ?::jsonb, " + millisColumn + "_millis = "
                        + millisColumn + "_millis + ?, updated_at = now() WHERE id = ? AND lease_owner = ?",
                write(reports),
                write(warnings),
                millis,
                id,
                owner);
    }

    /** Gives a job back to wait until {@code next}, after a peer service could not be reached. */
    public void retryLater(UUID id, String owner, Instant next, String error) {
        update(
                "UPDATE ingest_job SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
                        + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
                        + " WHERE id = ? AND lease_owner = ?",
                Timestamp.from(next),
                error,
                id,
                owner);
    }

    /** Ends a job as done or failed and drops its content. */
    public void finish(
            UUID id, String owner, JobState state, List<ReportDraft> reports, List<String> warnings, String reason) {
        update(
                "UPDATE ingest_job SET state = ?, work = ?::jsonb, warnings = ?::jsonb, reason = ?, content = NULL,"
                        + " finished_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = ? AND lease_owner = ?",
                state.name(),
                write(reports),
                write(warnings),
                reason,
                id,
                owner);
    }

    /** How many jobs are in each state, for metrics. */
    public long countInState(JobState state) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count =
                        connection.prepareStatement("SELECT count(*) FROM ingest_job WHERE state = ?")) {
            count.setString(1, state.name());
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count jobs: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update a job: " + e.getMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value == null ? List.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write job state as JSON: " + e.getMessage(), e);
        }
    }

    private Job read(ResultSet row, byte[] content) throws SQLException {
        try {
            String work = row.getString("work");
            String warnings = row.getString("warnings");
            return new Job(
                    row.getObject("id", UUID.class),
                    JobState.valueOf(row.getString("state")),
                    JobKind.valueOf(row.getString("kind")),
                    row.getString("organisation"),
                    row.getString("requested_by"),
                    row.getString("title"),
                    row.getString("source"),
                    row.getString("url"),
                    row.getString("published_at"),
                    row.getString("file_name"),
                    row.getString("media_type"),
                    content,
                    row.getObject("feed_id", UUID.class),
                    work == null ? List.of() : new ArrayList<>(json.readValue(work, REPORTS)),
                    warnings == null ? List.of() : new ArrayList<>(json.readValue(warnings, STRINGS)),
                    row.getString("reason"),
                    row.getInt("attempts"),
                    row.getString("last_error"),
                    instant(row, "next_attempt_at"),
                    instant(row, "created_at"),
                    instant(row, "updated_at"),
                    instant(row, "extracting_at"),
                    instant(row, "classifying_at"),
                    instant(row, "storing_at"),
                    instant(row, "finished_at"),
                    row.getLong("extract_millis"),
                    row.getLong("classify_millis"),
                    row.getLong("store_millis"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job state in the database is not readable: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
