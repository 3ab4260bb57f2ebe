package dev.attacktagger.ingest.jobs.service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.attacktagger.classifier.text.ExtractionException;
import dev.attacktagger.ingest.extraction.DocumentReader;
import dev.attacktagger.ingest.fetch.FetchException;
import dev.attacktagger.ingest.fetch.FetchedResource;
import dev.attacktagger.ingest.fetch.GuardedFetcher;
import dev.attacktagger.ingest.jobs.client.ClassifyClient;
import dev.attacktagger.ingest.jobs.client.PeerRejectedException;
import dev.attacktagger.ingest.jobs.client.PeerUnavailableException;
import dev.attacktagger.ingest.jobs.client.TagClient;
import dev.attacktagger.ingest.jobs.model.Classification;
import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.model.JobState;
import dev.attacktagger.ingest.jobs.model.ReportDraft;
import dev.attacktagger.ingest.jobs.model.StoredReport;
import dev.attacktagger.ingest.jobs.repository.JobRepository;

/**
 * Runs one leased job from where it stands to its end: extract, classify, store. Progress is saved after every step,
 * so a job taken over after a crash goes on from its last checkpoint. When classify- or tag-service cannot answer, the
 * job is given back to wait with exponential backoff; when one of them refuses the document, the job fails.
 *
 * <p>A crash between tag-service creating a report and the checkpoint that records its id makes the retried job see
 * the report as a duplicate of itself: it ends done, pointing at the right report, but says {@code duplicate: true}.
 */
public class JobPipeline {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);
    static final String IMPORTED_TAG_NOTE = "imported from a STIX bundle";

    private final JobRepository jobs;
    private final DocumentReader reader;
    private final GuardedFetcher fetcher;
    private final ClassifyClient classify;
    private final TagClient tags;
    private final Backoff backoff;

    public JobPipeline(
            JobRepository jobs,
            DocumentReader reader,
            GuardedFetcher fetcher,
            ClassifyClient classify,
            TagClient tags,
            Backoff backoff) {
        this.jobs = jobs;
        this.reader = reader;
        this.fetcher = fetcher;
        this.classify = classify;
        this.tags = tags;
        this.backoff = backoff;
    }

    /** Runs {@code job}, leased to {@code owner}, until it ends or has to wait. */
    public void run(Job job, String owner) {
        UUID id = job.id();
        List<ReportDraft> reports = new ArrayList<>(job.reports());
        List<String> warnings = new ArrayList<>(job.warnings());
        try {
            if (reports.isEmpty()) {
                jobs.enter(id, owner, JobState.EXTRACTING);
                long start = System.nanoTime();
                DocumentReader.Result read = extract(job);
                reports.addAll(read.reports());
                warnings.addAll(read.warnings());
                jobs.checkpoint(id, owner, reports, warnings, "extract", millisSince(start));
            }
            if (reports.stream().anyMatch(report -> report.classification() == null)) {
                jobs.enter(id, owner, JobState.CLASSIFYING);
                for (int i = 0; i < reports.size(); i++) {
                    ReportDraft report = reports.get(i);
                    if (report.classification() == null) {
                        long start = System.nanoTime();
                        Classification result = classify.classify(report.title(), report.text());
                        reports.set(i, report.withClassification(result));
                        jobs.checkpoint(id, owner, reports, warnings, "classify", millisSince(start));
                    }
                }
            }
            jobs.enter(id, owner, JobState.STORING);
            for (int i = 0; i < reports.size(); i++) {
                reports.set(i, store(job, owner, reports, warnings, i));
            }
            jobs.finish(id, owner, JobState.DONE, reports, warnings, null);
            LOG.debugf("job [%s] done with %d report(s)", id, reports.size());
        } catch (PeerUnavailableException e) {
            Duration delay = backoff.delay(job.attempts());
            jobs.retryLater(id, owner, Instant.now().plus(delay), e.getMessage());
            LOG.debugf("job [%s] waits %s: %s", id, delay, e.getMessage());
        } catch (PeerRejectedException e) {
            fail(id, owner, reports, warnings, e.getMessage());
        } catch (ExtractionException e) {
            fail(id, owner, reports, warnings, e.getMessage());
        } catch (FetchException e) {
            fail(id, owner, reports, warnings, e.getMessage());
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(e, "job [%s] failed unexpectedly, error id %s", id, errorId);
            fail(id, owner, reports, warnings, "an unexpected error stopped the job (error id " + errorId + ")");
        }
    }

    private DocumentReader.Result extract(Job job) throws ExtractionException, FetchException {
        DocumentReader.Metadata metadata =
                new DocumentReader.Metadata(job.title(), job.source(), job.url(), job.publishedAt());
        return switch (job.kind()) {
            case FILE -> reader.read(job.content(), job.fileName(), job.mediaType(), metadata, job.fileName());
            case TEXT -> reader.readText(new String(job.content(), StandardCharsets.UTF_8), metadata);
            case URL -> {
                FetchedResource page = fetcher.fetch(URI.create(job.url()));
                yield reader.read(page.body(), page.fileName(), page.contentType(), metadata, null);
            }
        };
    }

    private ReportDraft store(Job job, String owner, List<ReportDraft> reports, List<String> warnings, int index)
            throws PeerUnavailableException, PeerRejectedException {
        ReportDraft report = reports.get(index);
        if (report.stored() != null && report.stored().tagsStored()) {
            return report;
        }
        long start = System.nanoTime();
        if (report.stored() == null) {
            TagClient.Created created = tags.createReport(report, job.organisation(), job.requestedBy());
            // A duplicate keeps the tags it has: they may have been reviewed since.
            report = report.withStored(new StoredReport(created.id(), created.duplicate(), created.duplicate()));
            reports.set(index, report);
            jobs.checkpoint(job.id(), owner, reports, warnings, "store", millisSince(start));
            if (created.duplicate()) {
                return report;
            }
            start = System.nanoTime();
        }
        // The classifier's proposals were stored with the report; what is left are the tags an imported document
        // carried.
        String reportId = report.stored().reportId();
        for (String techniqueId : report.userTags()) {
            tags.addUserTag(reportId, techniqueId, IMPORTED_TAG_NOTE, job.organisation(), job.requestedBy());
        }
        report = report.withStored(new StoredReport(reportId, false, true));
        reports.set(index, report);
        jobs.checkpoint(job.id(), owner, reports, warnings, "store", millisSince(start));
        return report;
    }

    private void fail(UUID id, String owner, List<ReportDraft> reports, List<String> warnings, String reason) {
        jobs.finish(id, owner, JobState.FAILED, reports, warnings, reason);
        LOG.debugf("job [%s] failed: %s", id, reason);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
