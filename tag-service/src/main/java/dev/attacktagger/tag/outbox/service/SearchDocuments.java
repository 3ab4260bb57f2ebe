package dev.attacktagger.tag.outbox.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.tag.attack.model.CatalogueEntry;
import dev.attacktagger.tag.attack.service.TechniqueCatalogue;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Builds the document search-service indexes for a report, from the report's current state. */
public final class SearchDocuments {

    // One statement, so the report row and its tags come from one snapshot of the database.
    private static final String QUERY = "SELECT r.id, r.version, r.organisation, r.title, r.source, r.url,"
            + " r.published_at, r.created_at, r.updated_at, r.language, r.text, r.indicators, r.entities,"
            + " coalesce((SELECT json_agg(json_build_object('techniqueId', t.technique_id, 'confidence',"
            + " t.confidence, 'origin', t.origin, 'state', t.state) ORDER BY t.technique_id)"
            + " FROM report_tags t WHERE t.report_id = r.id), '[]'::json) AS tags"
            + " FROM reports r WHERE r.id = $1";

    private final Pool pool;
    private final TechniqueCatalogue catalogue;

    public SearchDocuments(Pool pool, TechniqueCatalogue catalogue) {
        this.pool = pool;
        this.catalogue = catalogue;
    }

    /** The report's document at its current version, or empty when the report is gone. */
    public Uni<Optional<JsonObject>> current(UUID reportId) {
        return pool.preparedQuery(QUERY).execute(Tuple.of(reportId)).map(rows -> {
            var iterator = rows.iterator();
            return iterator.hasNext() ? Optional.of(document(iterator.next())) : Optional.empty();
        });
    }

    private JsonObject document(Row row) {
        LocalDate published = row.getLocalDate("published_at");
        JsonArray tags = new JsonArray();
        Object rawTags = row.getValue("tags");
        JsonArray stored = rawTags instanceof JsonArray array ? array : new JsonArray(String.valueOf(rawTags));
        for (int i = 0; i < stored.size(); i++) {
            JsonObject tag = stored.getJsonObject(i);
            String id = tag.getString("techniqueId");
            CatalogueEntry entry = catalogue.entry(id).orElse(null);
            String parent = entry == null ? AttackIds.parentOf(id) : entry.parentId();
            tags.add(new JsonObject()
                    .put("techniqueId", id)
                    .put("parentId", parent == null || parent.equals(id) ? null : parent)
                    .put("name", entry == null ? null : entry.name())
                    .put("tactics", new JsonArray(entry == null ? List.of() : entry.tactics()))
                    .put("confidence", tag.getValue("confidence"))
                    .put("origin", tag.getString("origin"))
                    .put("state", tag.getString("state")));
        }
        return new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("version", row.getLong("version"))
                .put("organisation", row.getString("organisation"))
                .put("title", row.getString("title"))
                .put("source", row.getString("source"))
                .put("url", row.getString("url"))
                .put("publishedAt", published == null ? null : published.toString())
                .put("createdAt", instant(row.getOffsetDateTime("created_at")))
                .put("updatedAt", instant(row.getOffsetDateTime("updated_at")))
                .put("language", row.getString("language"))
                .put("text", row.getString("text"))
                .put("indicators", json(row.getValue("indicators")))
                .put("entities", json(row.getValue("entities")))
                .put("tags", tags);
    }

    private static String instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    private static JsonArray json(Object value) {
        if (value instanceof JsonArray array) {
            return array;
        }
        return value == null ? new JsonArray() : new JsonArray(String.valueOf(value));
    }
}
