package dev.attacktagger.search.report.model;

import java.util.List;

/**
 * A report as tag-service's outbox sends it to {@code PUT /api/v1/index/reports/{id}} (see docs/architecture.md).
 *
 * @param version grows by one with every change of the report; the index keeps the highest
 * @param publishedAt a date ({@code 2024-05-01}) or a timestamp
 * @param tags every tag, rejected ones included; those are stored but never match a tag query
 */
public record ReportPayload(
        String id,
        Long version,
        String organisation,
        String title,
        String source,
        String url,
        String publishedAt,
        String createdAt,
        String updatedAt,
        String language,
        String text,
        List<Indicator> indicators,
        List<Entity> entities,
        List<Tag> tags) {

    /** An observable such as an address or a hash. */
    public record Indicator(String type, String value) {}

    /** Software, a group or a campaign named in the report. */
    public record Entity(String attackId, String name, String kind) {}

    /** One technique tag of the report. */
    public record Tag(
            String techniqueId,
            String parentId,
            String name,
            List<String> tactics,
            Double confidence,
            String origin,
            String state) {}

    /** The same report with another id, for a body that left its id out. */
    public ReportPayload withId(String newId) {
        return new ReportPayload(
                newId,
                version,
                organisation,
                title,
                source,
                url,
                publishedAt,
                createdAt,
                updatedAt,
                language,
                text,
                indicators,
                entities,
                tags);
    }
}
