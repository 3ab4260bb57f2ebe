package dev.attacktagger.search.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.Technique;
import dev.attacktagger.search.report.model.ReportPayload;

/**
 * Builds the OpenSearch document of a report. Technique ids are normalised, names and tactics filled from the
 * knowledge base where the sender left them out, and rejected tags are set apart in an unindexed field.
 */
public final class ReportDocuments {

    /** The state of a tag an analyst turned down. */
    public static final String REJECTED = "REJECTED";

    private ReportDocuments() {}

    /** The document; the payload must have been validated (every technique id normalisable). */
    public static Map<String, Object> document(ReportPayload report, AttackKnowledgeBase kb) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(ReportFields.ID, report.id());
        doc.put(ReportFields.VERSION, report.version());
        doc.put(ReportFields.ORGANISATION, organisation(report.organisation()));
        putIfPresent(doc, ReportFields.TITLE, report.title());
        putIfPresent(doc, ReportFields.SOURCE, report.source());
        putIfPresent(doc, ReportFields.URL, report.url());
        putIfPresent(doc, ReportFields.PUBLISHED_AT, report.publishedAt());
        putIfPresent(doc, ReportFields.CREATED_AT, report.createdAt());
        putIfPresent(doc, ReportFields.UPDATED_AT, report.updatedAt());
        putIfPresent(doc, ReportFields.LANGUAGE, report.language());
        putIfPresent(doc, ReportFields.TEXT, report.text());
        if (report.indicators() != null && !report.indicators().isEmpty()) {
            List<Map<String, Object>> indicators = new ArrayList<>();
            for (ReportPayload.Indicator indicator : report.indicators()) {
                Map<String, Object> value = new LinkedHashMap<>();
                putIfPresent(value, "type", indicator.type());
                putIfPresent(value, "value", indicator.value());
                indicators.add(value);
            }
            doc.put(ReportFields.INDICATORS, indicators);
        }
        if (report.entities() != null && !report.entities().isEmpty()) {
            List<Map<String, Object>> entities = new ArrayList<>();
            for (ReportPayload.Entity entity : report.entities()) {
                Map<String, Object> value = new LinkedHashMap<>();
                putIfPresent(value, "attackId", entity.attackId());
                putIfPresent(value, "name", entity.name());
                putIfPresent(value, "kind", entity.kind());
                entities.add(value);
            }
            doc.put(ReportFields.ENTITIES, entities);
        }
        List<Map<String, Object>> tags = new ArrayList<>();
        List<Map<String, Object>> rejected = new ArrayList<>();
        Set<String> techniques = new LinkedHashSet<>();
        Set<String> families = new LinkedHashSet<>();
        Set<String> tactics = new LinkedHashSet<>();
        for (ReportPayload.Tag tag : report.tags() == null ? List.<ReportPayload.Tag>of() : report.tags()) {
            String id = AttackIds.normalize(tag.techniqueId()).orElseThrow();
            Optional<Technique> known = kb.technique(id);
            List<String> tagTactics = tag.tactics() != null && !tag.tactics().isEmpty()
                    ? tag.tactics().stream()
                            .map(t -> kb.tactic(t).map(x -> x.shortName()).orElse(t))
                            .toList()
                    : known.map(Technique::tactics).orElse(List.of());
            String state = upper(tag.state(), "PROPOSED");
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("techniqueId", id);
            putIfPresent(value, "parentId", id.contains(".") ? AttackIds.parentOf(id) : null);
            value.put("family", AttackIds.parentOf(id));
            putIfPresent(
                    value,
                    "name",
                    tag.name() != null ? tag.name() : known.map(Technique::name).orElse(null));
            value.put("tactics", tagTactics);
            putIfPresent(value, "confidence", tag.confidence());
            value.put("origin", upper(tag.origin(), "SYSTEM"));
            value.put("state", state);
            if (REJECTED.equals(state)) {
                rejected.add(value);
            } else {
                tags.add(value);
                techniques.add(id);
                families.add(AttackIds.parentOf(id));
                tactics.addAll(tagTactics);
            }
        }
        doc.put(ReportFields.TAGS, tags);
        if (!rejected.isEmpty()) {
            doc.put(ReportFields.REJECTED_TAGS, rejected);
        }
        doc.put(ReportFields.TECHNIQUES, List.copyOf(techniques));
        doc.put(ReportFields.FAMILIES, List.copyOf(families));
        doc.put(ReportFields.TACTICS, List.copyOf(tactics));
        doc.put(ReportFields.TECHNIQUE_COUNT, techniques.size());
        return doc;
    }

    /** The organisation a report or request belongs to: {@code default} when none is named. */
    public static String organisation(String written) {
        return written == null || written.isBlank() ? "default" : written.strip();
    }

    private static String upper(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip().toUpperCase(Locale.ROOT);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
