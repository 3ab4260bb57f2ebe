package dev.attacktagger.ingest.extraction;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.kb.AttackIds;

/**
 * Reads STIX 2.1 bundles: each {@code report} object becomes a report, and the attack-patterns it refers to become
 * analysts' tags through their {@code mitre-attack} external id, so a mapping made elsewhere is kept.
 */
public final class StixBundles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Function<String, LocalDate>> DATE_FORMS = List.of(
            value -> OffsetDateTime.parse(value).toLocalDate(),
            value -> LocalDateTime.parse(value).toLocalDate(),
            LocalDate::parse);

    private StixBundles() {}

    /**
     * A report object of a bundle.
     *
     * @param published its date as {@code yyyy-MM-dd}, or null when it has none or one that cannot be read
     * @param warnings what of the report object could not be read
     */
    public record StixReport(
            String name,
            String description,
            String published,
            String url,
            List<String> techniqueIds,
            List<String> warnings) {}

    /** A parsed bundle: its report objects and what was skipped. */
    public record Bundle(List<StixReport> reports, List<String> warnings) {}

    /** Whether the bytes look like JSON (after whitespace and a byte order mark); cheap, for routing. */
    public static boolean looksLikeJson(byte[] bytes) {
        int i = 0;
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            i = 3;
        }
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        return i < bytes.length && bytes[i] == '{';
    }

    /** The bundle these bytes hold, or empty when they are not a JSON object of type {@code bundle}. */
    public static Optional<Bundle> parse(byte[] bytes) {
        if (!looksLikeJson(bytes)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null
                || !root.isObject()
                || !"bundle".equals(root.path("type").asText())) {
            return Optional.empty();
        }
        Map<String, String> techniqueByStixId = new HashMap<>();
        List<JsonNode> reports = new ArrayList<>();
        for (JsonNode object : root.path("objects")) {
            String type = object.path("type").asText();
            if ("attack-pattern".equals(type)) {
                attackId(object)
                        .ifPresent(id -> techniqueByStixId.put(object.path("id").asText(), id));
            } else if ("report".equals(type)) {
                reports.add(object);
            }
        }
        List<StixReport> found = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (JsonNode report : reports) {
            String name = text(report, "name");
            String description = text(report, "description");
            if (description == null || description.isBlank()) {
                warnings.add("STIX report \""
                        + (name == null ? report.path("id").asText() : name) + "\" has no description and was skipped");
                continue;
            }
            Set<String> techniques = new LinkedHashSet<>();
            for (JsonNode ref : report.path("object_refs")) {
                String technique = techniqueByStixId.get(ref.asText());
                if (technique != null) {
                    techniques.add(technique);
                }
            }
            List<String> reportWarnings = new ArrayList<>();
            String published = text(report, "published");
            String date = date(published);
            if (published != null && !published.isBlank() && date == null) {
                reportWarnings.add("the report's published date \"" + published
                        + "\" is not an ISO-8601 timestamp and was left out");
            } else if (date != null && !PublishedDates.storable(date)) {
                reportWarnings.add("the report's published date \"" + published + "\" is not " + PublishedDates.RANGE
                        + " and was left out");
                date = null;
            }
            found.add(new StixReport(
                    name, description, date, url(report), List.copyOf(techniques), List.copyOf(reportWarnings)));
        }
        return Optional.of(new Bundle(found, warnings));
    }

    private static Optional<String> attackId(JsonNode object) {
        for (JsonNode reference : object.path("external_references")) {
            if ("mitre-attack".equals(reference.path("source_name").asText())) {
                return AttackIds.normalize(reference.path("external_id").asText());
            }
        }
        return Optional.empty();
    }

    private static String url(JsonNode report) {
        for (JsonNode reference : report.path("external_references")) {
            String url = text(reference, "url");
            if (url != null && !url.isBlank()) {
                return url;
            }
        }
        return null;
    }

    /**
     * The date of a STIX timestamp ({@code 2024-05-01T00:00:00Z} gives {@code 2024-05-01}); a timestamp without zone
     * or a bare date is taken too. Null for none or for anything else, which tag-service could not read either.
     */
    private static String date(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        for (Function<String, LocalDate> form : DATE_FORMS) {
            try {
                return form.apply(timestamp.strip()).toString();
            } catch (DateTimeParseException notThisForm) {
                // the next form may read it
            }
        }
        return null;
    }

    /** A field's text, without NUL characters: they carry no meaning and PostgreSQL refuses them in text. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : DocumentReader.withoutNul(value.asText());
    }
}
