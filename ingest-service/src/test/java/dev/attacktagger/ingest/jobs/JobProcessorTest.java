package dev.attacktagger.ingest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.model.JobKind;
import dev.attacktagger.ingest.jobs.model.JobState;
import dev.attacktagger.ingest.jobs.model.NewJob;
import dev.attacktagger.ingest.jobs.model.ReportDraft;
import dev.attacktagger.ingest.jobs.repository.JobRepository;
import dev.attacktagger.ingest.jobs.service.Backoff;
import dev.attacktagger.ingest.jobs.service.JobPipeline;
import dev.attacktagger.ingest.jobs.service.JobProcessor;
import dev.attacktagger.ingest.testing.FakePeers;
import dev.attacktagger.ingest.testing.JobsDatabase;
import dev.attacktagger.ingest.testing.Pipelines;

/** Job processors over a real PostgreSQL: restarts, several instances, peers that go away and come back. */
class JobProcessorTest {

    /**
     * The lease the processors under test take. A lease that ran out while its job was still running would let another
     * processor run the job a second time; on a loaded build machine the heartbeat that renews it may go unscheduled
     * for seconds, so it is as long as the service's own. No test here waits for one of these leases to run out.
     */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    private static JobsDatabase database;
    private static FakePeers peers;
    private static JobRepository jobs;
    private static JobPipeline pipeline;

    @BeforeAll
    static void start() {
        database = new JobsDatabase();
        peers = new FakePeers();
        jobs = new JobRepository(database.dataSource());
        pipeline = Pipelines.pipeline(jobs, peers, QUICK);
    }

    @AfterAll
    static void stop() {
        peers.close();
        database.close();
    }

    private static UUID textJob(String text) {
        return jobs.insert(new NewJob(
                JobKind.TEXT,
                "default",
                "tester",
                null,
                null,
                null,
                null,
                null,
                "text/plain",
                text.getBytes(StandardCharsets.UTF_8),
                null));
    }

    private static Job awaitJob(UUID id, Predicate<Job> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Job job = null;
        while (System.nanoTime() < deadline) {
            job = jobs.find(id, "default").orElseThrow();
            if (condition.test(job)) {
                return job;
            }
            sleep(50);
        }
        throw new AssertionError("job " + id + " stayed " + (job == null ? null : job.state()));
    }

    @Test
    void shouldFinishAJobThatACrashedInstanceLeftExtracting() {
        UUID id = textJob("Crash report one: the actor used PowerShell.");
        Job claimed = jobs.claim("crashed-instance", Duration.ofMillis(500)).orElseThrow();
        assertThat(claimed.id()).isEqualTo(id);
        jobs.enter(id, "crashed-instance", JobState.EXTRACTING);

        try (JobProcessor second = new JobProcessor(jobs, pipeline, 1, Duration.ofMillis(100), LEASE)) {
            second.start();
            Job done = awaitJob(id, job -> job.state().isFinal());

            assertThat(done.state()).isEqualTo(JobState.DONE);
            assertThat(done.reports()).hasSize(1);
            assertThat(done.reports().get(0).stored().reportId()).isNotNull();
        }
    }

    @Test
    void shouldResumeFromTheLastCheckpointWithoutRedoingFinishedStages() {
        UUID id = textJob("Crash report two: spearphishing came first.");
        Job claimed = jobs.claim("crashed-instance", Duration.ofMillis(500)).orElseThrow();
        assertThat(claimed.id()).isEqualTo(id);
        jobs.enter(id, "crashed-instance", JobState.EXTRACTING);
        ReportDraft extracted = new ReportDraft(
                "Checkpointed",
                "Crash report two: spearphishing came first.",
                "en",
                "text/plain",
                null,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                List.of(),
                null);
        jobs.checkpoint(id, "crashed-instance", List.of(extracted), List.of(), "extract", 5);
        jobs.enter(id, "crashed-instance", JobState.CLASSIFYING);
        int classifyCalls = peers.classifyCalls().size();

        try (JobProcessor second = new JobProcessor(jobs, pipeline, 1, Duration.ofMillis(100), LEASE)) {
            second.start();
            Job done = awaitJob(id, job -> job.state().isFinal());

            assertThat(done.state()).isEqualTo(JobState.DONE);
            // The title given at the checkpoint is kept: extraction did not run again.
            assertThat(done.reports().get(0).title()).isEqualTo("Checkpointed");
            assertThat(done.extractMillis()).isEqualTo(5);
            assertThat(peers.classifyCalls().size()).isEqualTo(classifyCalls + 1);
        }
    }

    @Test
    void shouldNotTakeAJobWhoseLeaseIsAlive() {
        UUID id = textJob("Leased report: PowerShell under a live lease.");
        jobs.claim("live-instance", Duration.ofMinutes(5)).orElseThrow();

        assertThat(jobs.claim("other-instance", LEASE)).isEmpty();
        assertThat(jobs.find(id, "default").orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void shouldRetryWithBackoffWhileTheClassifierIsDownAndFinishWhenItIsBack() {
        peers.stopClassify();
        UUID id;
        Job waiting;
        try (JobProcessor processor = new JobProcessor(jobs, pipeline, 1, Duration.ofMillis(50), LEASE)) {
            processor.start();
            try {
                id = textJob("Outage report: PowerShell during the outage.");
                waiting = awaitJob(id, job -> job.attempts() >= 3);
            } finally {
                peers.startClassify();
            }
            Job done = awaitJob(id, job -> job.state().isFinal());

            assertThat(waiting.state()).isEqualTo(JobState.CLASSIFYING);
            assertThat(waiting.lastError())
                    .startsWith("classify-service at " + peers.classifyUrl() + " cannot be reached");
            assertThat(done.state()).isEqualTo(JobState.DONE);
            assertThat(done.reason()).isNull();
        }
    }

    @Test
    void shouldRunEachJobOnceWithSeveralProcessorsOnOneDatabase() {
        int before = peers.reportCount();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(textJob("Parallel report number " + i + ": PowerShell and spearphishing."));
        }

        try (JobProcessor first = new JobProcessor(jobs, pipeline, 2, Duration.ofMillis(50), LEASE);
                JobProcessor second = new JobProcessor(jobs, pipeline, 2, Duration.ofMillis(50), LEASE)) {
            first.start();
            second.start();
            for (UUID id : ids) {
                Job done = awaitJob(id, job -> job.state().isFinal());
                assertThat(done.state()).isEqualTo(JobState.DONE);
                assertThat(done.reports().get(0).stored().duplicate()).isFalse();
            }
        }
        assertThat(peers.reportCount()).isEqualTo(before + 12);
    }

    @Test
    void shouldDoubleTheWaitWithEveryAttemptUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1));

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.delay(500)).isEqualTo(Duration.ofMinutes(1));
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
