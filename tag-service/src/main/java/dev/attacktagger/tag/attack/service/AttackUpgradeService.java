package dev.attacktagger.tag.attack.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.Resolution;
import dev.attacktagger.kb.Tactic;
import dev.attacktagger.kb.Technique;
import dev.attacktagger.tag.attack.model.AttackRelease;
import dev.attacktagger.tag.attack.model.AttackTactic;
import dev.attacktagger.tag.attack.model.AttackTechnique;
import dev.attacktagger.tag.attack.model.TechniqueState;
import dev.attacktagger.tag.common.ProblemException;
import dev.attacktagger.tag.report.model.HistoryAction;
import dev.attacktagger.tag.report.model.Report;
import dev.attacktagger.tag.report.model.ReportTag;
import dev.attacktagger.tag.report.model.TagHistory;
import dev.attacktagger.tag.report.model.TagState;
import dev.attacktagger.tag.report.service.ReportChanges;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Brings the catalogue and every tag to an ATT&amp;CK release, in one transaction.
 *
 * <p>Tags on a revoked technique move to its replacement; when the report already has the replacement, the revoked
 * technique's tag is folded into it (a confirmation carries over). Tags on a deprecated technique, or on one revoked
 * without a replacement, stay and are flagged through {@code attackStatus}. A change of a technique's name, tactics or
 * parent is recorded on every report tagged with it, since search holds those in its documents. Every changed report
 * gets one new version and one outbox row.
 */
@ApplicationScoped
public class AttackUpgradeService {

    private static final Logger LOG = Logger.getLogger(AttackUpgradeService.class);
    static final String ACTOR = "attack-upgrade";

    @Inject
    TechniqueCatalogue catalogue;

    @Inject
    ReportChanges changes;

    /**
     * Loads {@code kb} into the catalogue and upgrades the tags; refreshes the in-memory catalogue afterwards.
     *
     * @throws ProblemException 409 when the catalogue holds a newer release than {@code kb}
     */
    public Uni<UpgradeSummary> upgrade(AttackKnowledgeBase kb, String actor) {
        return Panache.withTransaction(() -> AttackRelease.<AttackRelease>find("order by id desc")
                        .firstResult()
                        .chain(release -> {
                            String from = release == null ? null : release.version;
                            if (from != null && AttackVersions.compare(kb.version(), from) < 0) {
                                throw ProblemException.conflict(
                                        "the catalogue holds ATT&CK " + from + ", newer than the bundle's "
                                                + kb.version(),
                                        Map.of("catalogueVersion", from));
                            }
                            return AttackTechnique.<AttackTechnique>listAll()
                                    .chain(rows -> apply(kb, from, rows, actor));
                        }))
                .call(summary -> Panache.withSession(catalogue::reload))
                .invoke(summary -> LOG.infof(
                        "ATT&CK %s -> %s: %d techniques added, %d revoked, %d deprecated, %d changed; %d tags moved,"
                                + " %d merged, %d flagged; %d reports changed",
                        summary.fromVersion(),
                        summary.toVersion(),
                        summary.added().size(),
                        summary.revoked().size(),
                        summary.deprecated().size(),
                        summary.changed().size(),
                        summary.tagsMoved(),
                        summary.tagsMerged(),
                        summary.tagsFlagged(),
                        summary.reportsChanged()));
    }

    private Uni<UpgradeSummary> apply(AttackKnowledgeBase kb, String from, List<AttackTechnique> rows, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, AttackTechnique> existing = new HashMap<>();
        rows.forEach(row -> existing.put(row.id, row));
        List<String> added = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        List<String> deprecated = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        // Technique id to the description its tags' history gets for a name, tactic or parent change.
        Map<String, String[]> renamed = new HashMap<>();
        List<Object> newRows = new ArrayList<>();
        for (Technique technique : kb.allTechniques()) {
            Resolution resolution = kb.resolve(technique.id());
            TechniqueState state = technique.revoked()
                    ? TechniqueState.REVOKED
                    : technique.deprecated() ? TechniqueState.DEPRECATED : TechniqueState.ACTIVE;
            String replacement = state == TechniqueState.REVOKED ? resolution.currentId() : null;
            String tactics = String.join(",", technique.tactics());
            AttackTechnique row = existing.get(technique.id());
            if (row == null) {
                row = new AttackTechnique();
                row.id = technique.id();
                newRows.add(row);
            } else {
                if (row.state == state
                        && Objects.equals(row.replacedBy, replacement)
                        && Objects.equals(row.name, technique.name())
                        && Objects.equals(row.tactics, tactics)
                        && Objects.equals(row.parentId, technique.parentId())) {
                    if (!kb.version().equals(row.attackVersion)) {
                        row.attackVersion = kb.version();
                    }
                    continue;
                }
                if (state == TechniqueState.ACTIVE
                        && row.state == TechniqueState.ACTIVE
                        && !(Objects.equals(row.name, technique.name())
                                && Objects.equals(row.tactics, tactics)
                                && Objects.equals(row.parentId, technique.parentId()))) {
                    changed.add(technique.id());
                    renamed.put(technique.id(), new String[] {
                        describe(row.name, row.tactics, row.parentId),
                        describe(technique.name(), tactics, technique.parentId())
                    });
                }
            }
            if (state == TechniqueState.ACTIVE && row.state != TechniqueState.ACTIVE) {
                added.add(technique.id());
            } else if (state == TechniqueState.REVOKED && row.state != TechniqueState.REVOKED) {
                revoked.add(technique.id());
            } else if (state == TechniqueState.DEPRECATED && row.state != TechniqueState.DEPRECATED) {
                deprecated.add(technique.id());
            }
            row.name = technique.name();
            row.tactics = tactics;
            row.parentId = technique.parentId();
            row.state = state;
            row.replacedBy = replacement;
            row.attackVersion = kb.version();
            row.updatedAt = now;
        }
        Set<String> touched = new TreeSet<>();
        touched.addAll(revoked);
        touched.addAll(deprecated);
        touched.addAll(changed);
        // Techniques that came back into use: tags flagged earlier lose their flag.
        added.stream().filter(existing::containsKey).forEach(touched::add);
        AttackRelease release = new AttackRelease();
        release.version = kb.version();
        release.bundle = String.valueOf(kb.source());
        release.techniques = kb.activeTechniques().size();
        release.loadedAt = now;
        Counts counts = new Counts();
        return Panache.getSession()
                .chain(session -> session.persistAll(newRows.toArray()))
                .chain(() -> tactics(kb))
                .chain(() -> from != null && from.equals(kb.version()) && newRows.isEmpty() && touched.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : release.persist().replaceWithVoid())
                .chain(() -> Panache.getSession().chain(session -> session.flush()))
                .chain(() -> touched.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : upgradeTags(kb, touched, renamed, actor, now, counts))
                .map(nothing -> new UpgradeSummary(
                        from,
                        kb.version(),
                        sorted(added),
                        sorted(revoked),
                        sorted(deprecated),
                        sorted(changed),
                        counts.moved,
                        counts.merged,
                        counts.flagged,
                        counts.reports));
    }

    private static Uni<Void> tactics(AttackKnowledgeBase kb) {
        return AttackTactic.<AttackTactic>listAll().chain(rows -> {
            Map<String, AttackTactic> byId = new HashMap<>();
            rows.forEach(row -> byId.put(row.id, row));
            List<Object> fresh = new ArrayList<>();
            for (Tactic tactic : kb.tactics()) {
                AttackTactic row = byId.get(tactic.id());
                if (row == null) {
                    row = new AttackTactic();
                    row.id = tactic.id();
                    fresh.add(row);
                }
                row.shortName = tactic.shortName();
                row.name = tactic.name();
                row.position = tactic.order();
            }
            return Panache.getSession().chain(session -> session.persistAll(fresh.toArray()));
        });
    }

    private Uni<Void> upgradeTags(
            AttackKnowledgeBase kb,
            Set<String> touched,
            Map<String, String[]> renamed,
            String actor,
            Instant now,
            Counts counts) {
        return ReportTag.<ReportTag>list("techniqueId in ?1", touched).chain(affected -> {
            if (affected.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Set<UUID> reportIds = new TreeSet<>();
            affected.forEach(tag -> reportIds.add(tag.reportId));
            return Report.<Report>find("id in ?1 order by id", reportIds)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .list()
                    .chain(reports -> ReportTag.<ReportTag>list("reportId in ?1", reportIds)
                            .chain(all -> rewrite(kb, reports, all, touched, renamed, actor, now, counts)));
        });
    }

    private Uni<Void> rewrite(
            AttackKnowledgeBase kb,
            List<Report> reports,
            List<ReportTag> all,
            Set<String> touched,
            Map<String, String[]> renamed,
            String actor,
            Instant now,
            Counts counts) {
        Map<UUID, Map<String, ReportTag>> tagsByReport = new HashMap<>();
        all.stream()
                .sorted(Comparator.comparing((ReportTag t) -> t.reportId).thenComparing(t -> t.techniqueId))
                .forEach(tag -> tagsByReport
                        .computeIfAbsent(tag.reportId, k -> new LinkedHashMap<>())
                        .put(tag.techniqueId, tag));
        List<ReportTag> toDelete = new ArrayList<>();
        Map<UUID, List<TagHistory>> historyByReport = new LinkedHashMap<>();
        for (Report report : reports) {
            Map<String, ReportTag> tags = tagsByReport.getOrDefault(report.id, new LinkedHashMap<>());
            List<TagHistory> history = new ArrayList<>();
            for (ReportTag tag : List.copyOf(tags.values())) {
                if (!touched.contains(tag.techniqueId)) {
                    continue;
                }
                Resolution resolution = kb.resolve(tag.techniqueId);
                if (resolution.status() == Resolution.Status.REVOKED && resolution.currentId() != null) {
                    String target = resolution.currentId();
                    ReportTag there = tags.get(target);
                    tags.remove(tag.techniqueId);
                    if (there == null) {
                        history.add(TagHistory.of(target, HistoryAction.TAG_MOVED, tag.techniqueId, target));
                        tag.techniqueId = target;
                        tag.techniqueRoot = AttackIds.parentOf(target);
                        tag.attackStatus = "ACTIVE";
                        tag.updatedAt = now;
                        tags.put(target, tag);
                        counts.moved++;
                    } else {
                        if (tag.state == TagState.CONFIRMED && there.state != TagState.CONFIRMED) {
                            there.state = TagState.CONFIRMED;
                            there.reviewedBy = tag.reviewedBy;
                            there.reviewedAt = tag.reviewedAt;
                            there.updatedAt = now;
                        }
                        history.add(TagHistory.of(target, HistoryAction.TAG_MERGED, tag.techniqueId, target));
                        toDelete.add(tag);
                        counts.merged++;
                    }
                    continue;
                }
                String status = switch (resolution.status()) {
                    case REVOKED -> "REVOKED";
                    case DEPRECATED -> "DEPRECATED";
                    default -> "ACTIVE";
                };
                if (!status.equals(tag.attackStatus)) {
                    history.add(TagHistory.of(tag.techniqueId, HistoryAction.TAG_FLAGGED, tag.attackStatus, status));
                    tag.attackStatus = status;
                    tag.updatedAt = now;
                    counts.flagged++;
                }
                String[] change = renamed.get(tag.techniqueId);
                if (change != null) {
                    history.add(TagHistory.of(tag.techniqueId, HistoryAction.TECHNIQUE_CHANGED, change[0], change[1]));
                }
            }
            if (!history.isEmpty()) {
                historyByReport.put(report.id, history);
            }
        }
        Uni<Void> chain = toDelete.isEmpty()
                ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.removeAll(toDelete.toArray()));
        for (Report report : reports) {
            List<TagHistory> history = historyByReport.get(report.id);
            if (history != null) {
                counts.reports++;
                chain = chain.chain(() -> changes.record(report, history, actor, now))
                        .replaceWithVoid();
            }
        }
        return chain;
    }

    private static String describe(String name, String tactics, String parent) {
        return name + " [" + tactics + "]" + (parent == null ? "" : " under " + parent);
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    /** Running totals of one upgrade. */
    private static final class Counts {
        int moved;
        int merged;
        int flagged;
        int reports;
    }

    /** Whether a catalogue at {@code current} should load a bundle at {@code bundle} at start-up. */
    static boolean isNewer(String bundle, String current) {
        return current == null || AttackVersions.compare(bundle, current) > 0;
    }
}
