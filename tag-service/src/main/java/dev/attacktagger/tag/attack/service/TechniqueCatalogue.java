package dev.attacktagger.tag.attack.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.tag.attack.model.AttackRelease;
import dev.attacktagger.tag.attack.model.AttackTactic;
import dev.attacktagger.tag.attack.model.AttackTechnique;
import dev.attacktagger.tag.attack.model.CatalogueEntry;
import dev.attacktagger.tag.attack.model.TechniqueState;
import dev.attacktagger.tag.common.Problem;
import dev.attacktagger.tag.common.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The ATT&amp;CK catalogue held in memory: resolves technique ids written in any form to the active technique to tag,
 * and names techniques for responses and search documents.
 *
 * <p>It is a copy of the database tables, reloaded at start-up and after every upgrade made by this process. An
 * upgrade made by another instance of the service reaches this copy only at its next start: the open question is
 * whether instances should poll {@code attack_releases} for a newer row.
 */
@ApplicationScoped
public class TechniqueCatalogue {

    private volatile Snapshot snapshot = new Snapshot(null, Map.of(), List.of());

    /** Reads the catalogue tables; call inside a Hibernate Reactive session. */
    public Uni<Void> reload() {
        Uni<List<AttackTechnique>> techniques = AttackTechnique.listAll();
        return techniques
                .chain(rows -> AttackTactic.<AttackTactic>list("order by position")
                        .chain(tactics -> AttackRelease.<AttackRelease>find("order by id desc")
                                .firstResult()
                                .invoke(release -> {
                                    Map<String, CatalogueEntry> byId = new TreeMap<>();
                                    rows.forEach(row -> byId.put(row.id, CatalogueEntry.of(row)));
                                    List<TacticInfo> tacticInfos = tactics.stream()
                                            .map(t -> new TacticInfo(t.id, t.shortName, t.name, t.position))
                                            .toList();
                                    snapshot =
                                            new Snapshot(release == null ? null : release.version, byId, tacticInfos);
                                })))
                .replaceWithVoid();
    }

    /** The ATT&amp;CK version of the catalogue, or null when none was ever loaded. */
    public String version() {
        return snapshot.version;
    }

    public int size() {
        return snapshot.techniques.size();
    }

    /** A technique by canonical id, whatever its state. */
    public Optional<CatalogueEntry> entry(String id) {
        return Optional.ofNullable(snapshot.techniques.get(id));
    }

    /** The active techniques and sub-techniques, sorted by id. */
    public List<CatalogueEntry> active() {
        return snapshot.techniques.values().stream()
                .filter(entry -> entry.state() == TechniqueState.ACTIVE)
                .toList();
    }

    public List<TacticInfo> tactics() {
        return snapshot.tactics;
    }

    /** A tactic by short name ({@code execution}), id ({@code TA0002}) or name ({@code Execution}), any case. */
    public Optional<TacticInfo> tactic(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        String wanted = key.strip().toLowerCase(Locale.ROOT);
        return snapshot.tactics.stream()
                .filter(t -> t.shortName().equals(wanted)
                        || t.id().toLowerCase(Locale.ROOT).equals(wanted)
                        || t.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    /** The tactic named by {@code key}, or a 422 naming it. */
    public TacticInfo requireTactic(String key, String field) {
        return tactic(key)
                .orElseThrow(() -> unprocessable(field, "'" + key + "' is not an ATT&CK tactic of this catalogue"));
    }

    /** The active techniques listed under a tactic. */
    public Set<String> techniquesOf(TacticInfo tactic) {
        return snapshot.techniques.values().stream()
                .filter(entry -> entry.state() == TechniqueState.ACTIVE
                        && entry.tactics().contains(tactic.shortName()))
                .map(CatalogueEntry::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The active technique to tag for an id written in any form: {@code t1059/001} is {@code T1059.001}, a revoked id
     * is its replacement.
     *
     * @param field the request field the id came from, named in the error
     * @throws ProblemException 422 naming the id when it is malformed, unknown, deprecated or revoked without a
     *     replacement
     */
    public CatalogueEntry resolveForTagging(String written, String field) {
        String problem = problemWith(written);
        if (problem != null) {
            throw unprocessable(field, problem);
        }
        return current(written);
    }

    /**
     * Like {@link #resolveForTagging} for many ids at once: every bad id is named, each under its own field.
     *
     * @param written field name to the id written there, in request order
     */
    public Map<String, CatalogueEntry> resolveAll(Map<String, String> written) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, CatalogueEntry> resolved = new LinkedHashMap<>();
        written.forEach((field, id) -> {
            String problem = problemWith(id);
            if (problem != null) {
                errors.add(new Problem.FieldError(field, problem));
            } else {
                resolved.put(field, current(id));
            }
        });
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? errors.get(0).message()
                    : errors.stream().map(Problem.FieldError::message).collect(Collectors.joining("; "));
            throw new ProblemException(422, "Unprocessable Content", detail, Map.of(), errors);
        }
        return resolved;
    }

    /**
     * The canonical id under which a report may hold a tag for a written id: the replacement of a revoked id, else the
     * id itself. Unknown ids are returned as written in canonical form, since an old tag may still carry one.
     *
     * @throws ProblemException 422 when the text is not a technique id at all
     */
    public String canonicalForLookup(String written, String field) {
        String id = AttackIds.normalize(written)
                .orElseThrow(() -> unprocessable(field, "'" + written + "' is not an ATT&CK technique id"));
        CatalogueEntry entry = snapshot.techniques.get(id);
        if (entry != null && entry.state() == TechniqueState.REVOKED && entry.replacedBy() != null) {
            return entry.replacedBy();
        }
        return id;
    }

    private String problemWith(String written) {
        Optional<String> normalized = AttackIds.normalize(written);
        if (normalized.isEmpty()) {
            return "'" + written + "' is not an ATT&CK technique id";
        }
        String id = normalized.get();
        CatalogueEntry entry = snapshot.techniques.get(id);
        String release = snapshot.version == null ? "the catalogue" : "ATT&CK " + snapshot.version;
        if (entry == null) {
            return id + " is not a technique of " + release;
        }
        if (entry.state() == TechniqueState.DEPRECATED) {
            return id + " is deprecated in " + release + " and has no replacement";
        }
        if (entry.state() == TechniqueState.REVOKED && entry.replacedBy() == null) {
            return id + " is revoked in " + release + " and has no replacement";
        }
        return null;
    }

    private CatalogueEntry current(String written) {
        CatalogueEntry entry =
                snapshot.techniques.get(AttackIds.normalize(written).orElseThrow());
        return entry.state() == TechniqueState.REVOKED ? snapshot.techniques.get(entry.replacedBy()) : entry;
    }

    private static ProblemException unprocessable(String field, String message) {
        return new ProblemException(
                422, "Unprocessable Content", message, Map.of(), List.of(new Problem.FieldError(field, message)));
    }

    /** Every technique, whatever its state. */
    public Collection<CatalogueEntry> all() {
        return snapshot.techniques.values();
    }

    /** A tactic as the catalogue holds it. */
    public record TacticInfo(String id, String shortName, String name, int position) {}

    private record Snapshot(String version, Map<String, CatalogueEntry> techniques, List<TacticInfo> tactics) {
        Snapshot {
            techniques = Collections.unmodifiableMap(new TreeMap<>(techniques));
        }
    }
}
