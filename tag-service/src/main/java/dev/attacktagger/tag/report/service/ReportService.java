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

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import dev.attacktagger.tag.attack.model.CatalogueEntry;
import dev.attacktagger.tag.attack.service.TechniqueCatalogue;
import dev.attacktagger.tag.attack.service.TechniqueCatalogue.TacticInfo;
import dev.attacktagger.tag.common.Caller;
import dev.attacktagger.tag.common.ProblemException;
import dev.attacktagger.tag.outbox.model.OutboxEntry;
import dev.attacktagger.tag.report.model.HistoryAction;
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
import io.vertx.pgclient.PgException;

/** Creates, reads and lists reports. */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);
    private static final String DUPLICATE_INDEX = "reports_organisation_content_hash";

    @Inject
    TechniqueCatalogue catalogue;

    /**
     * Stores a new report at version 1.
     *
     * @throws ProblemException 409 with {@code existingId} when the organisation already has a report with the same
     *     content hash, also when two requests race to create it
     */
    public Uni<Report> create(Caller caller, NewReport request) {
        String hash = ContentHash.of(request.text());
        return Panache.withTransaction(() -> existingId(caller.organisation(), hash)
                        .chain(existing -> {
                            if (existing.isPresent()) {
                                return Uni.createFrom().failure(duplicate(existing.get()));
                            }
                            return insert(caller, request, hash);
                        }))
                .onFailure(ReportService::isDuplicateKey)
                .recoverWithUni(() -> Panache.withSession(() -> existingId(caller.organisation(), hash))
                        .chain(existing -> Uni.createFrom()
                                .failure(existing.<RuntimeException>map(ReportService::duplicate)
                                        .orElseGet(() -> new IllegalStateException(
                                                "a duplicate content hash was reported but no report has it")))));
    }

    private Uni<Report> insert(Caller caller, NewReport request, String hash) {
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
        TagHistory created = TagHistory.of(null, HistoryAction.REPORT_CREATED, null, report.title);
        created.reportId = report.id;
        created.reportVersion = 1;
        created.actor = caller.user();
        created.at = now;
        LOG.debugf("creating report %s in %s (hash %s)", report.id, report.organisation, hash);
        return Panache.getSession()
                .chain(session -> session.persistAll(report, created, OutboxEntry.of(report.id, 1, now)))
                .replaceWith(report);
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

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (cause instanceof ConstraintViolationException violation
                    && DUPLICATE_INDEX.equals(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
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
