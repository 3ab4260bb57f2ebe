package dev.attacktagger.tag.report.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.attacktagger.tag.attack.model.CatalogueEntry;
import dev.attacktagger.tag.attack.service.TechniqueCatalogue;
import dev.attacktagger.tag.attack.service.TechniqueCatalogue.TacticInfo;
import dev.attacktagger.tag.common.Caller;
import dev.attacktagger.tag.common.ProblemException;
import dev.attacktagger.tag.report.model.HistoryAction;
import dev.attacktagger.tag.report.model.JsonColumns;
import dev.attacktagger.tag.report.model.NewReport;
import dev.attacktagger.tag.report.model.Report;
import dev.attacktagger.tag.report.model.ReportTag;
import dev.attacktagger.tag.report.model.ReportWithTags;
import dev.attacktagger.tag.report.model.TagHistory;
import dev.attacktagger.tag.report.model.TagState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Creates, reads and lists reports. */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);

    @Inject
    TechniqueCatalogue catalogue;

    @Inject
    TagService tags;

    @Inject
    ReportChanges changes;

    /**
     * Inserts a report unless its organisation already has one with the same content hash: the unique index decides,
     * also between two requests that race, and a duplicate is no error, so it leaves no failed statement in either
     * log. Written as SQL because an entity's persist cannot say {@code ON CONFLICT}; the JSON lists are cast through
     * text for the reason {@link JsonColumns} gives.
     */
    private static final String INSERT_UNLESS_DUPLICATE = "insert into reports (id, organisation, title, source, url,"
            + " published_at, content_hash, text, text_length, language, indicators, entities, version, created_by,"
            + " created_at, updated_at) values (:id, :organisation, :title, :source, :url, :publishedAt, :contentHash,"
            + " :text, :textLength, :language, cast(cast(:indicators as text) as jsonb),"
            + " cast(cast(:entities as text) as jsonb), :version, :createdBy, :createdAt, :updatedAt)"
            + " on conflict (organisation, content_hash) do nothing";

    /**
     * Stores a new report at version 1, with the classifier's proposals when the request carries them: one change,
     * so one version, one outbox row and history rows for the creation and for each proposal, all in one transaction.
     *
     * @throws ProblemException 409 with {@code existingId} when the organisation already has a report with the same
     *     content hash (nothing is stored then, proposals included); 422 when a proposal names an unusable technique;
     *     400 when a proposal's evidence is no passage of the text
     */
    public Uni<ReportWithTags> create(Caller caller, NewReport request) {
        if (request.systemTags() != null) {
            TagService.checkEvidence(request.systemTags(), request.text().length(), "systemTags.");
        }
        String hash = ContentHash.of(request.text());
        TagService.ModelRun run =
                request.systemTags() == null ? null : tags.resolve(request.systemTags(), "systemTags.");
        return Panache.withTransaction(() -> insert(caller, request, hash, run));
    }

    private Uni<ReportWithTags> insert(Caller caller, NewReport request, String hash, TagService.ModelRun run) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Report report = new Report();
        report.id = UUID.randomUUID();
        report.organisation = caller.organisation();
        report.title = request.title().strip();
        report.source = request.source();
        report.url = request.url();
        report.publishedAt = request.publishedAt();
        report.contentHash = hash;
        report.text = request.text();
        report.textLength = request.text().length();
        report.language = request.language();
        report.indicators = request.indicators() == null ? List.of() : List.copyOf(request.indicators());
        report.entities = request.entities() == null ? List.of() : List.copyOf(request.entities());
        report.version = 1;
        report.createdBy = caller.user();
        report.createdAt = now;
        report.updatedAt = now;
        List<TagHistory> history = new ArrayList<>();
        history.add(TagHistory.of(null, HistoryAction.REPORT_CREATED, null, report.title));
        List<Object> rows = new ArrayList<>();
        List<ReportTag> reportTags = new ArrayList<>();
        if (run != null) {
            // The rules of a PUT of system tags, on a report that has no tags yet: every proposal is a new tag.
            TagService.Plan plan = TagService.applyRun(run, caller, report, reportTags, now);
            rows.addAll(plan.persist());
            history.addAll(plan.history());
            reportTags.sort(Comparator.comparing(t -> t.techniqueId));
        }
        rows.addAll(changes.creation(report, history, caller.user(), now));
        LOG.debugf(
                "creating report %s in %s (hash %s) with %d tags",
                report.id, report.organisation, hash, reportTags.size());
        return insertUnlessDuplicate(report)
                .chain(inserted -> inserted
                        ? Panache.getSession()
                                .chain(session -> session.persistAll(rows.toArray()))
                                .replaceWith(new ReportWithTags(report, reportTags))
                        : existingId(report.organisation, hash)
                                .map(existing -> existing.orElseThrow(() -> new IllegalStateException(
                                        "a duplicate content hash stopped the insert, but no report has it")))
                                .chain(existing -> Uni.createFrom().failure(duplicate(existing))));
    }

    /** Whether the report was inserted: {@code false} when its organisation has one with the same content hash. */
    private static Uni<Boolean> insertUnlessDuplicate(Report report) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT_UNLESS_DUPLICATE)
                        .setParameter("id", report.id)
                        .setParameter("organisation", report.organisation)
                        .setParameter("title", report.title)
                        .setParameter("source", report.source)
                        .setParameter("url", report.url)
                        .setParameter("publishedAt", report.publishedAt)
                        .setParameter("contentHash", report.contentHash)
                        .setParameter("text", report.text)
                        .setParameter("textLength", report.textLength)
                        .setParameter("language", report.language)
                        .setParameter("indicators", JsonColumns.write(report.indicators))
                        .setParameter("entities", JsonColumns.write(report.entities))
                        .setParameter("version", report.version)
                        .setParameter("createdBy", report.createdBy)
                        .setParameter("createdAt", report.createdAt)
                        .setParameter("updatedAt", report.updatedAt)
                        .executeUpdate()
                        .map(rows -> rows > 0));
    }

    private Uni<Optional<UUID>> existingId(String organisation, String hash) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select r.id from Report r where r.organisation = :organisation"
                                        + " and r.contentHash = :hash",
                                UUID.class)
                        .setParameter("organisation", organisation)
                        .setParameter("hash", hash)
                        .getSingleResultOrNull())
                .map(Optional::ofNullable);
    }

    private static ProblemException duplicate(UUID existing) {
        return ProblemException.conflict(
                "a report with the same content already exists: " + existing, Map.of("existingId", existing));
    }

    /** The report with its tags. */
    public Uni<ReportWithTags> get(Caller caller, UUID id) {
        return Panache.withSession(() -> find(caller, id)
                .chain(report -> ReportTag.<ReportTag>list("reportId = ?1 order by techniqueId", id)
                        .map(tags -> new ReportWithTags(report, tags))));
    }

    /** The report of the caller's organisation, or a 404; call inside a session. */
    public static Uni<Report> find(Caller caller, UUID id) {
        return Report.<Report>findById(id).map(report -> owned(caller, id, report));
    }

    static Report owned(Caller caller, UUID id, Report report) {
        if (report == null || !report.organisation.equals(caller.organisation())) {
            throw ProblemException.notFound("no report " + id);
        }
        return report;
    }

    /** Every change of the report, oldest first. */
    public Uni<List<TagHistory>> history(Caller caller, UUID id) {
        return Panache.withSession(
                () -> find(caller, id).chain(report -> TagHistory.<TagHistory>list("reportId = ?1 order by id", id)));
    }

    /**
     * A page of the organisation's reports, newest first.
     *
     * @param technique a technique id in any form; a parent technique also matches its sub-techniques; a revoked id
     *     stands for its replacement. Rejected tags never match.
     * @param tactic a tactic by short name, TA id or name: reports with a tag on a technique of that tactic
     * @param since only reports created at or after this instant
     */
    public Uni<ReportPage> list(Caller caller, String technique, String tactic, Instant since, int page, int size) {
        boolean byTechnique = technique != null && !technique.isBlank();
        boolean byTactic = tactic != null && !tactic.isBlank();
        CatalogueEntry entry = byTechnique ? catalogue.resolveForTagging(technique, "technique") : null;
        TacticInfo tacticInfo = byTactic ? catalogue.requireTactic(tactic, "tactic") : null;
        if (byTechnique && !byTactic) {
            return Panache.withSession(() -> listByTechnique(caller, entry, since, page, size));
        }
        StringBuilder where = new StringBuilder("r.organisation = :organisation");
        Parameters parameters = Parameters.with("organisation", caller.organisation());
        if (entry != null) {
            where.append(" and exists (select 1 from ReportTag t where t.reportId = r.id and t.state <> :rejected and ")
                    .append(entry.parentId() == null ? "t.techniqueRoot" : "t.techniqueId")
                    .append(" = :technique)");
            parameters.and("technique", entry.id()).and("rejected", TagState.REJECTED);
        }
        if (tacticInfo != null) {
            Set<String> ids = catalogue.techniquesOf(tacticInfo);
            where.append(" and exists (select 1 from ReportTag u where u.reportId = r.id and u.state <> :rejected")
                    .append(" and u.techniqueId in :tacticTechniques)");
            parameters
                    .and("tacticTechniques", ids.isEmpty() ? Set.of("-") : ids)
                    .and("rejected", TagState.REJECTED);
        }
        if (since != null) {
            where.append(" and r.createdAt >= :since");
            parameters.and("since", since);
        }
        String query = "from Report r where " + where + " order by r.createdAt desc, r.id";
        return Panache.withSession(() -> Report.<Report>find(query, parameters)
                .page(Page.of(page, size))
                .list()
                .chain(reports -> Report.count("from Report r where " + where, parameters)
                        .chain(total -> page(reports, page, size, total))));
    }

    /**
     * The common listing, by one technique, answered from the tags' listing indexes alone (organisation and creation
     * time are copied onto every tag); only the page's reports are read. A parent technique matches through
     * {@code techniqueRoot}, where one report can match twice, hence the grouping.
     */
    private Uni<ReportPage> listByTechnique(Caller caller, CatalogueEntry entry, Instant since, int page, int size) {
        boolean parent = entry.parentId() == null;
        String where = "t.organisation = :organisation and t.state <> :rejected and "
                + (parent ? "t.techniqueRoot" : "t.techniqueId") + " = :technique"
                + (since == null ? "" : " and t.reportCreatedAt >= :since");
        String ids = parent
                ? "select t.reportId from ReportTag t where " + where
                        + " group by t.reportId, t.reportCreatedAt order by t.reportCreatedAt desc, t.reportId"
                : "select t.reportId from ReportTag t where " + where + " order by t.reportCreatedAt desc, t.reportId";
        String count = "select count(" + (parent ? "distinct t.reportId" : "t") + ") from ReportTag t where " + where;
        return Panache.getSession().chain(session -> {
            var idQuery = session.createSelectionQuery(ids, UUID.class)
                    .setParameter("organisation", caller.organisation())
                    .setParameter("rejected", TagState.REJECTED)
                    .setParameter("technique", entry.id());
            var countQuery = session.createSelectionQuery(count, Long.class)
                    .setParameter("organisation", caller.organisation())
                    .setParameter("rejected", TagState.REJECTED)
                    .setParameter("technique", entry.id());
            if (since != null) {
                idQuery.setParameter("since", since);
                countQuery.setParameter("since", since);
            }
            return idQuery.setFirstResult(page * size)
                    .setMaxResults(size)
                    .getResultList()
                    .chain(found -> countQuery
                            .getSingleResult()
                            .chain(total -> found.isEmpty()
                                    ? page(List.of(), page, size, total)
                                    : Report.<Report>list("id in ?1", found).chain(reports -> {
                                        Map<UUID, Report> byId = new HashMap<>();
                                        reports.forEach(r -> byId.put(r.id, r));
                                        return page(
                                                found.stream().map(byId::get).toList(), page, size, total);
                                    })));
        });
    }

    private static Uni<ReportPage> page(List<Report> reports, int page, int size, long total) {
        return tagsOf(reports)
                .map(tags -> new ReportPage(
                        reports.stream()
                                .map(r -> new ReportWithTags(r, tags.getOrDefault(r.id, List.of())))
                                .toList(),
                        page,
                        size,
                        total));
    }

    private static Uni<Map<UUID, List<ReportTag>>> tagsOf(List<Report> reports) {
        if (reports.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<UUID> ids = reports.stream().map(r -> r.id).toList();
        return ReportTag.<ReportTag>list("reportId in ?1", ids).map(tags -> {
            Map<UUID, List<ReportTag>> byReport = new HashMap<>();
            tags.stream()
                    .sorted(Comparator.comparing(t -> t.techniqueId))
                    .forEach(t -> byReport.computeIfAbsent(t.reportId, k -> new ArrayList<>())
                            .add(t));
            return byReport;
        });
    }

    /** One page of a listing and how many reports match in all. */
    public record ReportPage(List<ReportWithTags> items, int page, int size, long total) {}
}
