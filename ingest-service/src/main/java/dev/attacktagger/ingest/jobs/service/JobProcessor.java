package dev.attacktagger.ingest.jobs.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.repository.JobRepository;

/**
 * Worker threads that take runnable jobs from the database and run them. Any number of processors, in one process or
 * many, may share a database: leases keep them from running a job twice, and a processor that dies leaves its jobs to
 * the others once its leases run out. Jobs that were running when the service stopped are taken up again on start.
 */
public class JobProcessor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final JobRepository jobs;
    private final JobPipeline pipeline;
    private final int workers;
    private final Duration pollInterval;
    private final Duration lease;
    private final String owner;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService heartbeat;
    private volatile boolean stopped;

    public JobProcessor(JobRepository jobs, JobPipeline pipeline, int workers, Duration pollInterval, Duration lease) {
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.workers = workers;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.owner = "ingest-" + UUID.randomUUID();
    }

    /** Starts the workers and the lease heartbeat. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-lease-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::work, "ingest-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        LOG.infof("job processor %s started with %d workers, lease %s", owner, workers, lease);
    }

    /** Tells idle workers that a job is waiting, so they need not wait for the next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The id this processor holds leases under. */
    public String owner() {
        return owner;
    }

    @Override
    public synchronized void close() {
        stopped = true;
        wake();
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        threads.clear();
    }

    private void work() {
        while (!stopped) {
            Optional<Job> job;
            try {
                job = jobs.claim(owner, lease);
            } catch (RuntimeException e) {
                LOG.warnf("cannot take a job: %s", e.getMessage());
                job = Optional.empty();
            }
            if (job.isPresent()) {
                running.add(job.get().id());
                try {
                    pipeline.run(job.get(), owner);
                } catch (RuntimeException e) {
                    // The pipeline handles its own failures; this is the database going away under it.
                    LOG.warnf("job [%s] interrupted: %s", job.get().id(), e.getMessage());
                } finally {
                    running.remove(job.get().id());
                }
                continue;
            }
            synchronized (signal) {
                if (stopped) {
                    return;
                }
                try {
                    signal.wait(pollInterval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void renewLeases() {
        try {
            jobs.renewLeases(owner, Set.copyOf(running), lease);
        } catch (RuntimeException e) {
            LOG.warnf("cannot renew job leases: %s", e.getMessage());
        }
    }
}
