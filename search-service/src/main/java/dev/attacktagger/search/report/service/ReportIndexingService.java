package dev.attacktagger.search.report.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.search.common.FieldError;
import dev.attacktagger.search.common.ProblemException;
import dev.attacktagger.search.index.MatchIndex;
import dev.attacktagger.search.index.ReportDocuments;
import dev.attacktagger.search.index.ReportFields;
import dev.attacktagger.search.index.ReportIndex;
import dev.attacktagger.search.index.RequirementIndex;
import dev.attacktagger.search.report.model.BulkResult;
import dev.attacktagger.search.report.model.IndexResult;
import dev.attacktagger.search.report.model.ReportPayload;
import dev.attacktagger.search.requirement.model.RequirementMatch;

/**
 * Indexes reports and matches every written one against the intelligence requirements with the percolator, recording
 * the matches. A report that no longer matches a requirement after an update loses that match.
 */
@Singleton
public class ReportIndexingService {

    private static final Logger LOG = Logger.getLogger(ReportIndexingService.class);
    /** More reports than this in one bulk request are refused: it bounds the memory one request can take. */
    public static final int MAX_BULK = 5_000;
    /** OpenSearch refuses a document id longer than this many bytes (in UTF-8, not characters). */
    static final int MAX_ID_BYTES = 512;

    private static final String ID_RULE = "must be 1 to " + MAX_ID_BYTES + " bytes long in UTF-8";

    @Inject
    ReportIndex reports;

    @Inject
    RequirementIndex requirements;

    @Inject
    MatchIndex matches;

    @Inject
    AttackKnowledgeBase kb;

    /** Indexes one report unless a newer version is indexed. */
    public IndexResult index(String id, ReportPayload payload) {
        ReportPayload report = validated(id, payload, "");
        Map<String, Object> document = ReportDocuments.document(report, kb);
        IndexResult.Outcome outcome = reports.index(id, report.version(), document);
        LOG.debugf("report %s version %d: %s", id, report.version(), outcome);
        if (outcome == IndexResult.Outcome.STALE) {
            throw ProblemException.conflict("version " + report.version() + " of report " + id
                    + " is older than the indexed version " + reports.indexedVersion(id));
        }
        List<String> matched = List.of();
        if (outcome != IndexResult.Outcome.UNCHANGED) {
            matched = match(List.of(document), outcome == IndexResult.Outcome.UPDATED ? Set.of(id) : Set.of())
                    .getOrDefault(id, List.of());
        }
        return new IndexResult(id, report.version(), outcome, matched);
    }

    /** Indexes many reports in one request; each is checked first, and one invalid report refuses the whole request. */
    public BulkResult bulk(List<ReportPayload> payloads) {
        long start = System.nanoTime();
        if (payloads == null || payloads.isEmpty()) {
            throw ProblemException.invalid("body", "must be a non-empty array of reports");
        }
        if (payloads.size() > MAX_BULK) {
            throw new ProblemException(
                    413, "Payload Too Large", "at most " + MAX_BULK + " reports per bulk request", null);
        }
        List<Map<String, Object>> documents = new ArrayList<>(payloads.size());
        Set<String> ids = new HashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            ReportPayload payload = payloads.get(i);
            String prefix = "[" + i + "].";
            if (payload == null || payload.id() == null || payload.id().isBlank()) {
                errors.add(new FieldError(prefix + "id", "must not be blank"));
                continue;
            }
            if (!ids.add(payload.id())) {
                errors.add(new FieldError(prefix + "id", "appears twice in the request"));
                continue;
            }
            try {
                documents.add(ReportDocuments.document(validated(payload.id(), payload, prefix), kb));
            } catch (ProblemException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        long writeStart = System.nanoTime();
        List<ReportIndex.BulkItem> items = reports.bulk(documents);
        long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
        int indexed = 0;
        int unchanged = 0;
        int stale = 0;
        List<BulkResult.Failure> failed = new ArrayList<>();
        List<Map<String, Object>> written = new ArrayList<>();
        Set<String> updated = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            ReportIndex.BulkItem item = items.get(i);
            if (item.outcome() == null) {
                failed.add(new BulkResult.Failure(item.id(), item.reason()));
                continue;
            }
            switch (item.outcome()) {
                case CREATED, UPDATED -> {
                    indexed++;
                    written.add(documents.get(i));
                    if (item.outcome() == IndexResult.Outcome.UPDATED) {
                        updated.add(item.id());
                    }
                }
                case UNCHANGED -> unchanged++;
                case STALE -> stale++;
            }
        }
        match(written, updated);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.debugf(
                "bulk of %d: %d indexed, %d unchanged, %d stale, %d failed in %d ms",
                payloads.size(), indexed, unchanged, stale, failed.size(), millis);
        return new BulkResult(indexed, unchanged, stale, failed, millis, writeMillis);
    }

    /**
     * Deletes a report and its matches.
     *
     * @param version the version of the deletion, as tag-service numbers it, or null to delete whatever is indexed
     */
    public void delete(String id, Long version) {
        if (!isValidId(id)) {
            throw ProblemException.invalid("id", ID_RULE);
        }
        switch (reports.delete(id, version)) {
            case DELETED -> matches.forgetReport(id, List.of());
            case NOT_FOUND -> throw ProblemException.notFound("no report " + id + " is indexed");
            case STALE ->
                throw ProblemException.conflict("version " + version + " of report " + id
                        + " is older than the indexed version " + reports.indexedVersion(id));
        }
    }

    /**
     * Percolates written documents and records their matches.
     *
     * @param updated ids of documents that replaced an older version: their matches that no longer hold are forgotten
     * @return report id to the requirements it matched
     */
    private Map<String, List<String>> match(List<Map<String, Object>> documents, Set<String> updated) {
        Map<String, List<String>> byReport = new HashMap<>();
        if (documents.isEmpty()) {
            return byReport;
        }
        // Percolating a whole batch costs a request as large as the batch: skip it while there is nothing to match.
        if (updated.isEmpty() && requirements.count() == 0) {
            return byReport;
        }
        String now = Instant.now().toString();
        List<RequirementMatch> found = new ArrayList<>();
        for (RequirementIndex.PercolatorMatch hit : requirements.percolate(documents)) {
            Map<String, Object> document = documents.get(hit.slot());
            String reportId = (String) document.get(ReportFields.ID);
            byReport.computeIfAbsent(reportId, k -> new ArrayList<>()).add(hit.requirementId());
            found.add(new RequirementMatch(
                    hit.requirementId(),
                    reportId,
                    (String) document.get(ReportFields.ORGANISATION),
                    (String) document.get(ReportFields.TITLE),
                    (String) document.get(ReportFields.SOURCE),
                    (String) document.get(ReportFields.PUBLISHED_AT),
                    now,
                    ((Number) document.get(ReportFields.VERSION)).longValue()));
        }
        matches.record(found);
        for (String id : updated) {
            matches.forgetReport(id, byReport.getOrDefault(id, List.of()));
        }
        byReport.replaceAll((k, v) -> List.copyOf(new LinkedHashSet<>(v)));
        return byReport;
    }

    /** Checks a report against the contract; {@code prefix} locates it inside a bulk request. */
    private ReportPayload validated(String id, ReportPayload payload, String prefix) {
        if (payload == null) {
            throw ProblemException.invalid("body", "must be a report");
        }
        List<FieldError> errors = new ArrayList<>();
        if (!isValidId(id)) {
            errors.add(new FieldError(prefix + "id", ID_RULE));
        } else if (payload.id() != null && !payload.id().equals(id)) {
            errors.add(new FieldError(prefix + "id", "must equal the id in the path, " + id));
        }
        if (payload.version() == null || payload.version() < 0) {
            errors.add(new FieldError(prefix + "version", "must be a whole number of 0 or more"));
        }
        if (payload.publishedAt() != null && !isDate(payload.publishedAt())) {
            errors.add(new FieldError(prefix + "publishedAt", "must be a date (2024-05-01) or an ISO-8601 timestamp"));
        }
        if (payload.createdAt() != null && !isDate(payload.createdAt())) {
            errors.add(new FieldError(prefix + "createdAt", "must be an ISO-8601 timestamp"));
        }
        if (payload.updatedAt() != null && !isDate(payload.updatedAt())) {
            errors.add(new FieldError(prefix + "updatedAt", "must be an ISO-8601 timestamp"));
        }
        errors.addAll(nullItems(prefix + "indicators", payload.indicators(), "must be an indicator (type and value)"));
        errors.addAll(nullItems(prefix + "entities", payload.entities(), "must be an entity (attackId, name, kind)"));
        List<ReportPayload.Tag> tags = payload.tags() == null ? List.of() : payload.tags();
        for (int i = 0; i < tags.size(); i++) {
            ReportPayload.Tag tag = tags.get(i);
            String at = prefix + "tags[" + i + "]";
            if (tag == null) {
                errors.add(new FieldError(at, "must be a tag"));
                continue;
            }
            if (AttackIds.normalize(tag.techniqueId()).isEmpty()) {
                errors.add(new FieldError(at + ".techniqueId", "must be a technique id such as T1059 or T1059.001"));
            }
            if (tag.confidence() != null && (tag.confidence() < 0 || tag.confidence() > 1)) {
                errors.add(new FieldError(at + ".confidence", "must be between 0 and 1"));
            }
            errors.addAll(nullItems(at + ".tactics", tag.tactics(), "must be a tactic"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return payload.id() == null ? payload.withId(id) : payload;
    }

    private static boolean isValidId(String id) {
        return id != null && !id.isBlank() && id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES;
    }

    /** A null in a list of the body is not data the document could keep: each one is named with its index. */
    private static List<FieldError> nullItems(String field, List<?> items, String message) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            if (items.get(i) == null) {
                errors.add(new FieldError(field + "[" + i + "]", message));
            }
        }
        return errors;
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            try {
                OffsetDateTime.parse(text);
                return true;
            } catch (DateTimeParseException again) {
                return false;
            }
        }
    }
}
