package dev.attacktagger.tag.report.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.attacktagger.tag.outbox.model.OutboxEntry;
import dev.attacktagger.tag.report.model.Report;
import dev.attacktagger.tag.report.model.TagHistory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Records a change of a report inside the caller's transaction: one version more, a history row per change and one
 * outbox row, so that the change, its record and its delivery to search commit or fail together.
 */
@ApplicationScoped
public class ReportChanges {

    /**
     * @param report the report, loaded in this transaction (and locked, when others may change it concurrently)
     * @param changes what changed; nothing is written when empty
     * @return whether anything was recorded
     */
    public Uni<Boolean> record(Report report, List<TagHistory> changes, String actor, Instant now) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        report.version++;
        report.updatedAt = now;
        List<Object> rows = rows(report, changes, actor, now);
        return Panache.getSession()
                .chain(session -> session.persistAll(rows.toArray()))
                .replaceWith(true);
    }

    /**
     * The rows that record the creation of a report, to be persisted after the report in the transaction that creates
     * it: its history (the creation, and whatever else the request did) at the report's first version, and one outbox
     * row.
     */
    public List<Object> creation(Report report, List<TagHistory> changes, String actor, Instant now) {
        return rows(report, changes, actor, now);
    }

    private static List<Object> rows(Report report, List<TagHistory> changes, String actor, Instant now) {
        List<Object> rows = new ArrayList<>(changes.size() + 1);
        for (TagHistory change : changes) {
            change.reportId = report.id;
            change.reportVersion = report.version;
            change.actor = change.actor == null ? actor : change.actor;
            change.at = now;
            rows.add(change);
        }
        rows.add(OutboxEntry.of(report.id, report.version, now));
        return rows;
    }
}
