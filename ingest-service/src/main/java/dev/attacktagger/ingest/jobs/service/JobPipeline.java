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
import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.model.JobState;
import dev.attacktagger.ingest.jobs.model.ReportDraft;
import dev.attacktagger.ingest.jobs.model.StoredReport;
import dev.attacktagger.ingest.jobs.repository.JobRepository;

/**
 * Runs one leased job from where it stands to its end: extract, classify, store. Progress is saved after every step,
 * so a job taken over after a crash goes on from its last checkpoint. When classify- or tag-service cannot answer, the
 * job is given back to wait with exponential backoff.
 *
 * <p>Each report of a job stands alone (a STIX bundle makes several): one that classify- or tag-service refuses is
 * marked failed with the peer's reason and the others go on; an imported tag tag-service refuses is dropped with a
 * warning on its report. The job ends {@code DONE} when every report is stored, {@code FAILED} when none is, and
 * {@code PARTIAL} in between.
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
    private final long maxTextBytes;

    /** @param maxTextBytes the most UTF-8 bytes of text classify-service takes in one request */
    public JobPipeline(
            JobRepository jobs,
            DocumentReader reader,
            GuardedFetcher fetcher,
            ClassifyClient classify,
            TagClient tags,
            Backoff backoff,
            long maxTextBytes) {
        this.jobs = jobs;
        this.reader = reader;
        this.fetcher = fetcher;
        this.classify = classify;
        this.tags = tags;
        this.backoff = backoff;
        this.maxTextBytes = maxTextBytes;
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
            if (reports.stream().anyMatch(JobPipeline::awaitsClassification)) {
                jobs.enter(id, owner, JobState.CLASSIFYING);
                for (int i = 0; i < reports.size(); i++) {
                    if (awaitsClassification(reports.get(i))) {
                        long start = System.nanoTime();
                        reports.set(i, classify(reports.get(i)));
                        jobs.checkpoint(id, owner, reports, warnings, "classify", millisSince(start));
                    }
                }
            }
            jobs.enter(id, owner, JobState.STORING);
            for (int i = 0; i < reports.size(); i++) {
                reports.set(i, store(job, owner, reports, warnings, i));
            }
            end(id, owner, reports, warnings);
        } catch (PeerUnavailableException e) {
            Duration delay = backoff.delay(job.attempts());
            jobs.retryLater(id, owner, Instant.now().plus(delay), e.getMessage());
            LOG.debugf("job [%s] waits %s: %s", id, delay, e.getMessage());
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

    private static boolean awaitsClassification(ReportDraft report) {
        return report.classification() == null && !report.hasFailed();
    }

    /** The report with the classifier's proposals, or marked failed when its text is one the classifier refuses. */
    private ReportDraft classify(ReportDraft report) throws PeerUnavailableException {
        long bytes = report.text().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxTextBytes) {
            // Sending it would only bring classify-service's 413; this says what to do about it.
            return report.failed("the text is " + bytes + " bytes in UTF-8, more than the " + maxTextBytes
                    + " bytes classify-service takes for one document; split the document and send the parts");
        }
        try {
            return report.withClassification(classify.classify(report.title(), report.text()));
        } catch (PeerRejectedException e) {
            return report.failed(e.getMessage());
        }
    }

    /** Ends the job by how many of its reports were stored: all, some or none. */
    private void end(UUID id, String owner, List<ReportDraft> reports, List<String> warnings) {
        List<ReportDraft> failed =
                reports.stream().filter(ReportDraft::hasFailed).toList();
        if (failed.isEmpty()) {
            jobs.finish(id, owner, JobState.DONE, reports, warnings, null);
            LOG.debugf("job [%s] done with %d report(s)", id, reports.size());
        } else if (failed.size() == reports.size()) {
            fail(
                    id,
                    owner,
                    reports,
                    warnings,
                    reports.size() == 1
                            ? failed.get(0).failure()
                            : "none of the " + reports.size() + " reports could be stored; the first: "
                                    + failed.get(0).failure());
        } else {
            String reason = failed.size() + " of " + reports.size()
                    + " reports could not be stored; each says why in reports[].reason";
            jobs.finish(id, owner, JobState.PARTIAL, reports, warnings, reason);
            LOG.debugf("job [%s] partly done: %s", id, reason);
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

    /**
     * Stores one report, then the analysts' tags it imported. A report tag-service refuses is marked failed; an imported
     * tag it refuses is dropped with a warning on the report, and the rest of the report is kept.
     */
    private ReportDraft store(Job job, String owner, List<ReportDraft> reports, List<String> warnings, int index)
            throws PeerUnavailableException {
        ReportDraft report = reports.get(index);
        if (report.hasFailed() || report.stored() != null && report.stored().tagsStored()) {
            return report;
        }
        long start = System.nanoTime();
        if (report.stored() == null) {
            try {
                TagClient.Created created = tags.createReport(report, job.organisation(), job.requestedBy());
                // A duplicate keeps the tags it has: they may have been reviewed since.
                report = report.withStored(new StoredReport(created.id(), created.duplicate(), created.duplicate()));
                if (created.duplicate()) {
                    // The job shows the report it points at, which may have been stored under another title.
                    String title = tags.title(created.id(), job.organisation(), job.requestedBy())
                            .orElse(report.title());
                    report = report.withTitle(title);
                }
            } catch (PeerRejectedException e) {
                report = report.failed(e.getMessage());
            }
            reports.set(index, report);
            jobs.checkpoint(job.id(), owner, reports, warnings, "store", millisSince(start));
            if (report.hasFailed() || report.stored().duplicate()) {
                return report;
            }
            start = System.nanoTime();
        }
        // The classifier's proposals were stored with the report; what is left are the tags an imported document
        // carried.
        String reportId = report.stored().reportId();
        List<String> accepted = new ArrayList<>();
        for (String techniqueId : report.userTags()) {
            try {
                tags.addUserTag(reportId, techniqueId, IMPORTED_TAG_NOTE, job.organisation(), job.requestedBy());
                accepted.add(techniqueId);
            } catch (PeerRejectedException e) {
                report = report.withWarning("the imported tag " + techniqueId + " was dropped: " + e.getMessage());
            }
        }
        report = report.withUserTags(accepted).withStored(new StoredReport(reportId, false, true));
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
