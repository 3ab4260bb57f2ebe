package dev.attacktagger.tag.attack.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.attacktagger.tag.attack.model.CatalogueEntry;
import dev.attacktagger.tag.common.Caller;
import dev.attacktagger.tag.report.model.TagState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The catalogue as the API shows it: techniques with the number of the organisation's reports tagged with each. */
@ApplicationScoped
public class CatalogueService {

    @Inject
    TechniqueCatalogue catalogue;

    /**
     * A technique of the catalogue.
     *
     * @param reportCount reports of the caller's organisation with a tag on it that is not rejected
     */
    public record TechniqueView(
            String id,
            String name,
            List<String> tactics,
            String parentId,
            String attackVersion,
            String state,
            long reportCount) {}

    /** The active techniques, optionally only those of one tactic, sorted by id. */
    public Uni<List<TechniqueView>> list(Caller caller, String tactic) {
        List<CatalogueEntry> entries;
        if (tactic != null && !tactic.isBlank()) {
            Set<String> ids = catalogue.techniquesOf(catalogue.requireTactic(tactic, "tactic"));
            entries = catalogue.active().stream()
                    .filter(e -> ids.contains(e.id()))
                    .toList();
        } else {
            entries = catalogue.active();
        }
        return counts(caller)
                .map(counts -> entries.stream()
                        .map(entry -> view(entry, counts.getOrDefault(entry.id(), 0L)))
                        .toList());
    }

    /** One technique by id in any written form; a revoked id answers with its replacement. */
    public Uni<TechniqueView> get(Caller caller, String written) {
        CatalogueEntry entry = catalogue.resolveForTagging(written, "techniqueId");
        return counts(caller).map(counts -> view(entry, counts.getOrDefault(entry.id(), 0L)));
    }

    private Uni<Map<String, Long>> counts(Caller caller) {
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select t.techniqueId, count(t) from ReportTag t, Report r"
                                        + " where r.id = t.reportId and r.organisation = :organisation"
                                        + " and t.state <> :rejected group by t.techniqueId",
                                Object[].class)
                        .setParameter("organisation", caller.organisation())
                        .setParameter("rejected", TagState.REJECTED)
                        .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
                    return counts;
                }));
    }

    private static TechniqueView view(CatalogueEntry entry, long count) {
        return new TechniqueView(
                entry.id(),
                entry.name(),
                entry.tactics(),
                entry.parentId(),
                entry.attackVersion(),
                entry.state().name(),
                count);
    }
}
