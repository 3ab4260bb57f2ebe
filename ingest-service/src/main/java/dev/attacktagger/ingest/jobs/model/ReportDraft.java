package dev.attacktagger.ingest.jobs.model;

import java.util.List;

import dev.attacktagger.ingest.entities.EntityMention;
import dev.attacktagger.ingest.entities.Indicator;

/**
 * One report a job makes, as it goes through the pipeline; a job has one, a STIX bundle one per report object. It is
 * the job's checkpoint: classification and storage are filled in as they happen, so a restarted job does not redo them.
 *
 * @param userTags technique ids an imported document already mapped (STIX), sent as analysts' tags
 * @param classification null until classified
 * @param stored null until tag-service has the report
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
        StoredReport stored) {

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
                stored);
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
                value);
    }
}
