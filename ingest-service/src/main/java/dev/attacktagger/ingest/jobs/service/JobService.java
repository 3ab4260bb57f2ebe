package dev.attacktagger.ingest.jobs.service;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.model.JobState;
import dev.attacktagger.ingest.jobs.model.NewJob;
import dev.attacktagger.ingest.jobs.repository.JobRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Takes jobs in and runs them in the background; owns the job processor's lifecycle. */
@Singleton
public class JobService {

    private final JobRepository jobs;
    private final JobProcessor processor;
    private final boolean enabled;

    JobService(
            JobRepository jobs,
            JobPipeline pipeline,
            MeterRegistry registry,
            @ConfigProperty(name = "attacktagger.ingest.workers", defaultValue = "4") int workers,
            @ConfigProperty(name = "attacktagger.ingest.jobs.poll-interval", defaultValue = "1s") Duration poll,
            @ConfigProperty(name = "attacktagger.ingest.jobs.lease", defaultValue = "30s") Duration lease,
            @ConfigProperty(name = "attacktagger.ingest.jobs.enabled", defaultValue = "true") boolean enabled) {
        this.jobs = jobs;
        this.enabled = enabled;
        this.processor = new JobProcessor(jobs, pipeline, workers, poll, lease);
        for (JobState state : JobState.values()) {
            if (!state.isFinal()) {
                Gauge.builder("ingest.jobs", () -> jobs.countInState(state))
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .description("jobs that have not ended, by state")
                        .register(registry);
            }
        }
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            processor.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        processor.close();
    }

    /** Stores a job and wakes a worker for it. */
    public UUID submit(NewJob job) {
        UUID id = jobs.insert(job);
        processor.wake();
        return id;
    }

    /** Wakes the workers after jobs were stored by other means (a feed poll). */
    public void wake() {
        processor.wake();
    }

    public Optional<Job> find(UUID id, String organisation) {
        return jobs.find(id, organisation);
    }
}
