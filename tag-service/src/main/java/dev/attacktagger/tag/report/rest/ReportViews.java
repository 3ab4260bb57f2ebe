package dev.attacktagger.tag.report.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.tag.attack.model.CatalogueEntry;
import dev.attacktagger.tag.attack.service.TechniqueCatalogue;
import dev.attacktagger.tag.report.model.EntityRef;
import dev.attacktagger.tag.report.model.Evidence;
import dev.attacktagger.tag.report.model.Indicator;
import dev.attacktagger.tag.report.model.Report;
import dev.attacktagger.tag.report.model.ReportTag;
import dev.attacktagger.tag.report.model.ReportWithTags;
import dev.attacktagger.tag.report.model.TagHistory;
import dev.attacktagger.tag.report.service.ReportService;

/** The JSON shapes of reports, tags and history, and the mapping to them. */
@ApplicationScoped
public class ReportViews {

    @Inject
    TechniqueCatalogue catalogue;

    /** A report with its text and tags. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportView(
            UUID id,
            String organisation,
            String title,
            String source,
            String url,
            LocalDate publishedAt,
            String contentHash,
            String language,
            int textLength,
            String text,
            List<Indicator> indicators,
            List<EntityRef> entities,
            long version,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            List<TagView> tags) {}

    /** One tag; {@code evidence} is left out of listings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagView(
            String techniqueId,
            String parentId,
            String name,
            List<String> tactics,
            String origin,
            String modelId,
            Double confidence,
            List<Evidence> evidence,
            String state,
            String attackStatus,
            String note,
            String createdBy,
            Instant createdAt,
            String reviewedBy,
            Instant reviewedAt) {}

    /** A page of a listing: reports without their text. */
    public record ReportPageView(List<ReportView> items, int page, int size, long total) {}

    /** One history row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryView(
            long id,
            long reportVersion,
            String techniqueId,
            String action,
            String oldValue,
            String newValue,
            String actor,
            Instant at) {}

    public ReportView full(ReportWithTags report) {
        return view(report.report(), report.tags(), true);
    }

    public ReportPageView page(ReportService.ReportPage page) {
        return new ReportPageView(
                page.items().stream()
                        .map(item -> view(item.report(), item.tags(), false))
                        .toList(),
                page.page(),
                page.size(),
                page.total());
    }

    public HistoryView history(TagHistory row) {
        return new HistoryView(
                row.id,
                row.reportVersion,
                row.techniqueId,
                row.action.name(),
                row.oldValue,
                row.newValue,
                row.actor,
                row.at);
    }

    private ReportView view(Report report, List<ReportTag> tags, boolean withText) {
        return new ReportView(
                report.id,
                report.organisation,
                report.title,
                report.source,
                report.url,
                report.publishedAt,
                report.contentHash,
                report.language,
                report.textLength,
                withText ? report.text : null,
                report.indicators,
                report.entities,
                report.version,
                report.createdBy,
                report.createdAt,
                report.updatedAt,
                tags.stream().map(tag -> tag(tag, withText)).toList());
    }

    public TagView tag(ReportTag tag, boolean withEvidence) {
        CatalogueEntry entry = catalogue.entry(tag.techniqueId).orElse(null);
        return new TagView(
                tag.techniqueId,
                entry == null ? parentOf(tag.techniqueId) : entry.parentId(),
                entry == null ? null : entry.name(),
                entry == null ? List.of() : entry.tactics(),
                tag.origin.name(),
                tag.modelId,
                tag.confidence,
                withEvidence ? tag.evidence : null,
                tag.state.name(),
                tag.attackStatus,
                tag.note,
                tag.createdBy,
                tag.createdAt,
                tag.reviewedBy,
                tag.reviewedAt);
    }

    private static String parentOf(String id) {
        String parent = AttackIds.parentOf(id);
        return parent.equals(id) ? null : parent;
    }
}
