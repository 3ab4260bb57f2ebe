package dev.attacktagger.ingest.jobs.model;

import java.util.ArrayList;
import java.util.List;

import dev.attacktagger.ingest.entities.EntityMention;
import dev.attacktagger.ingest.entities.Indicator;

/**
 * One report a job makes, as it goes through the pipeline; a job has one, a STIX bundle one per report object. It is
 * the job's checkpoint: classification and storage are filled in as they happen, so a restarted job does not redo them.
 * Each report stands alone: one that cannot be classified or stored is marked failed and the others go on.
 *
 * @param userTags technique ids an imported document already mapped (STIX), sent as analysts' tags; once stored, only
 *     those tag-service took
 * @param classification null until classified
 * @param stored null until tag-service has the report
 * @param warnings what was left out of this report (a date that could not be read, a tag tag-service refused)
 * @param failure why this report could not be classified or stored; null while it can
 */
public record ReportDraft(
        String title,
        String text,
        String language,
        String mediaType,
        String source,
        String url,
        String publishedAt,
        List<String> userTags,
        List<Indicator> indicators,
        List<EntityMention> entities,
        Classification classification,
        StoredReport stored,
        List<String> warnings,
        String failure) {

    public ReportDraft {
        // Checkpoints written before warnings existed have none.
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public ReportDraft withTitle(String value) {
        return new ReportDraft(
                value,
                text,
                language,
                mediaType,
                source,
                url,
                publishedAt,
                userTags,
                indicators,
                entities,
                classification,
                stored,
                warnings,
                failure);
    }

    public ReportDraft withClassification(Classification value) {
        return new ReportDraft(
                title,
                text,
                language,
                mediaType,
                source,
                url,
                publishedAt,
                userTags,
                indicators,
                entities,
                value,
                stored,
                warnings,
                failure);
    }

    public ReportDraft withStored(StoredReport value) {
        return new ReportDraft(
                title,
                text,
                language,
                mediaType,
                source,
                url,
                publishedAt,
                userTags,
                indicators,
                entities,
                classification,
                value,
                warnings,
                failure);
    }

    /** This report with only {@code value} as its analysts' tags: the ones tag-service took. */
    public ReportDraft withUserTags(List<String> value) {
        return new ReportDraft(
                title,
                text,
                language,
                mediaType,
                source,
                url,
                publishedAt,
                List.copyOf(value),
                indicators,
                entities,
                classification,
                stored,
                warnings,
                failure);
    }

    public ReportDraft withWarning(String warning) {
        List<String> more = new ArrayList<>(warnings);
        more.add(warning);
        return new ReportDraft(
                title,
                text,
                language,
                mediaType,
                source,
                url,
                publishedAt,
                userTags,
                indicators,
                entities,
                classification,
                stored,
                more,
                failure);
    }

    /** This report marked as failed for {@code reason}: it is not stored, and the job's other reports go on. */
    public ReportDraft failed(String reason) {
        return new ReportDraft(
                title,
                text,
                language,
                mediaType,
                source,
                url,
                publishedAt,
                userTags,
                indicators,
                entities,
                classification,
                stored,
                warnings,
                reason);
    }

    public boolean hasFailed() {
        return failure != null;
    }
}
