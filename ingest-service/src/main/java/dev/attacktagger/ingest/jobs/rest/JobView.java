package dev.attacktagger.ingest.jobs.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.attacktagger.ingest.jobs.model.Job;
import dev.attacktagger.ingest.jobs.model.JobState;
import dev.attacktagger.ingest.jobs.model.ProposedTechnique;
import dev.attacktagger.ingest.jobs.model.ReportDraft;

/**
 * A job as the API shows it. {@code reportId}, {@code duplicate} and {@code tags} are those of its first report (a
 * STIX bundle may make several: all are in {@code reports}).
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

    /** A report the job made, or found already stored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportView(
            String reportId,
            String title,
            String language,
            Boolean duplicate,
            List<TagView> tags,
            int indicators,
            int entities) {}

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
                first == null || job.state() != JobState.DONE ? null : first.duplicate(),
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
        List<TagView> tags = new ArrayList<>();
        if (draft.classification() != null) {
            draft.classification().techniques().stream()
                    .sorted(Comparator.comparingDouble(ProposedTechnique::confidence)
                            .reversed())
                    .forEach(t -> tags.add(new TagView(t.id(), t.name(), t.confidence(), "SYSTEM")));
        }
        for (String imported : draft.userTags()) {
            tags.add(new TagView(imported, null, 1.0, "USER"));
        }
        return new ReportView(
                draft.stored() == null ? null : draft.stored().reportId(),
                draft.title(),
                draft.language(),
                draft.stored() == null ? null : draft.stored().duplicate(),
                List.copyOf(tags),
                draft.indicators().size(),
                draft.entities().size());
    }
}
