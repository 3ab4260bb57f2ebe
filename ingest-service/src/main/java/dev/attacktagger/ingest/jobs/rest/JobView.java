package dev.attacktagger.ingest.jobs.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.model.ProposedTechnique;
import dev.attacktagger.ingest.jobs.model.ReportDraft;
import dev.attacktagger.ingest.jobs.model.StoredReport;

/**
 * A job as the API shows it. {@code reportId}, {@code duplicate} and {@code tags} are those of its first report (a
 * STIX bundle may make several: all are in {@code reports}). Only what tag-service stored is shown as stored: a report
 * has a {@code reportId} once it is stored, and its {@code tags} are the ones stored with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String id,
        String state,
        String kind,
        String title,
        String source,
        String url,
        String fileName,
        String mediaType,
        String language,
        String reportId,
        Boolean duplicate,
        List<TagView> tags,
        List<ReportView> reports,
        List<String> warnings,
        String reason,
        int attempts,
        String lastError,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        Timeline timeline) {

    /** A technique the job's report was tagged with. */
    public record TagView(String techniqueId, String name, double confidence, String origin) {}

    /**
     * A report the job made, or found already stored.
     *
     * @param state {@code pending} until stored, then {@code stored}; {@code failed} when it could not be, with the
     *     {@code reason}
     * @param warnings what was left out of the stored report (a date that could not be read, a tag refused)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportView(
            String reportId,
            String state,
            String title,
            String language,
            Boolean duplicate,
            List<TagView> tags,
            int indicators,
            int entities,
            List<String> warnings,
            String reason) {}

    /** When the job entered each state, and the time spent working in each stage. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timeline(
            Instant queuedAt,
            Instant extractingAt,
            Instant classifyingAt,
            Instant storingAt,
            Instant finishedAt,
            long extractMillis,
            long classifyMillis,
            long storeMillis) {}

    public static JobView of(Job job) {
        List<ReportView> reports = job.reports().stream().map(JobView::report).toList();
        ReportView first = reports.isEmpty() ? null : reports.get(0);
        String language = job.reports().isEmpty() ? null : job.reports().get(0).language();
        boolean waiting = !job.state().isFinal() && job.lastError() != null;
        return new JobView(
                job.id().toString(),
                job.state().name().toLowerCase(Locale.ROOT),
                job.kind().name().toLowerCase(Locale.ROOT),
                first != null ? first.title() : job.title(),
                job.source(),
                job.url(),
                job.fileName(),
                job.reports().isEmpty() ? job.mediaType() : job.reports().get(0).mediaType(),
                language,
                first == null ? null : first.reportId(),
                first == null || !job.state().isFinal() ? null : first.duplicate(),
                first == null ? null : first.tags(),
                reports,
                job.warnings(),
                job.reason(),
                job.attempts(),
                waiting ? job.lastError() : null,
                waiting ? job.nextAttemptAt() : null,
                job.createdAt(),
                job.updatedAt(),
                new Timeline(
                        job.createdAt(),
                        job.extractingAt(),
                        job.classifyingAt(),
                        job.storingAt(),
                        job.finishedAt(),
                        job.extractMillis(),
                        job.classifyMillis(),
                        job.storeMillis()));
    }

    private static ReportView report(ReportDraft draft) {
        StoredReport stored = draft.stored();
        return new ReportView(
                stored == null ? null : stored.reportId(),
                draft.hasFailed() ? "failed" : stored != null && stored.tagsStored() ? "stored" : "pending",
                draft.title(),
                draft.language(),
                stored == null ? null : stored.duplicate(),
                storedTags(draft),
                draft.indicators().size(),
                draft.entities().size(),
                draft.warnings(),
                draft.failure());
    }

    /**
     * The tags tag-service holds from this job: the classifier's, stored with the report, and the imported analysts'
     * tags once they are all sent (an imported technique the classifier also found confirms its tag, and is not listed
     * twice). A duplicate keeps the existing report's tags, so this job stored none.
     */
    private static List<TagView> storedTags(ReportDraft draft) {
        StoredReport stored = draft.stored();
        if (stored == null || stored.duplicate()) {
            return List.of();
        }
        List<TagView> tags = new ArrayList<>();
        draft.classification().techniques().stream()
                .sorted(Comparator.comparingDouble(ProposedTechnique::confidence)
                        .reversed())
                .forEach(t -> tags.add(new TagView(t.id(), t.name(), t.confidence(), "SYSTEM")));
        if (stored.tagsStored()) {
            for (String imported : draft.userTags()) {
                // tag-service confirms the classifier's tag on the same technique instead of adding a second one.
                if (tags.stream().noneMatch(tag -> tag.techniqueId().equals(imported))) {
                    tags.add(new TagView(imported, null, 1.0, "USER"));
                }
            }
        }
        return List.copyOf(tags);
    }
}
