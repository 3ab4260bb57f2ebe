package dev.attacktagger.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

import com.fasterxml.jackson.databind.JsonNode;

import dev.attacktagger.search.common.SearchBackendException;
import dev.attacktagger.search.requirement.model.RequirementMatch;
import dev.attacktagger.search.requirement.model.RequirementMatches;

/**
 * The recorded matches of requirements and reports, one document per pair (id {@code requirement:report}), so that
 * recording the same match again only refreshes it.
 */
@Singleton
public class MatchIndex {

    @Inject
    OpenSearchClient client;

    @Inject
    IndexNames names;

    @Inject
    Refreshes refreshes;

    public void record(Collection<RequirementMatch> matches) {
        if (matches.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = new ArrayList<>();
        for (RequirementMatch match : matches) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("requirementId", match.requirementId());
            document.put("reportId", match.reportId());
            document.put("organisation", match.organisation());
            if (match.title() != null) {
                document.put("title", match.title());
            }
            if (match.source() != null) {
                document.put("source", match.source());
            }
            if (match.publishedAt() != null) {
                document.put("publishedAt", match.publishedAt());
            }
            document.put("matchedAt", match.matchedAt());
            document.put("reportVersion", match.reportVersion());
            operations.add(BulkOperation.of(b -> b.index(i -> i.index(names.matches())
                    .id(match.requirementId() + ":" + match.reportId())
                    .document(document))));
        }
        try {
            BulkResponse response = client.bulk(b -> b.operations(operations).refresh(refreshes.writes()));
            if (response.errors()) {
                throw new SearchBackendException(
                        "recording matches failed: "
                                + response.items().stream()
                                        .filter(item -> item.error() != null)
                                        .findFirst()
                                        .map(item -> item.error().reason())
                                        .orElse("unknown"),
                        null);
            }
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("recording matches failed: " + e.getMessage(), e);
        }
    }

    /** Forgets the matches of a report, except those with the requirements in {@code keep}. */
    public void forgetReport(String reportId, Collection<String> keep) {
        List<FieldValue> kept = keep.stream().map(FieldValue::of).toList();
        deleteWhere(Query.of(q -> q.bool(b -> {
            b.filter(term("reportId", reportId));
            if (!kept.isEmpty()) {
                b.mustNot(m -> m.terms(t -> t.field("requirementId").terms(v -> v.value(kept))));
            }
            return b;
        })));
    }

    public void forgetRequirement(String requirementId) {
        deleteWhere(term("requirementId", requirementId));
    }

    /** A page of a requirement's matches: most recently matched first, then most recently published. */
    public RequirementMatches page(String requirementId, int page, int size) {
        try {
            SearchResponse<JsonNode> response = client.search(
                    s -> s.index(names.matches())
                            .query(term("requirementId", requirementId))
                            .from(page * size)
                            .size(size)
                            .trackTotalHits(t -> t.enabled(true))
                            .sort(o -> o.field(f -> f.field("matchedAt").order(SortOrder.Desc)))
                            .sort(o -> o.field(f ->
                                    f.field("publishedAt").order(SortOrder.Desc).missing(FieldValue.of("_last"))))
                            .sort(o -> o.field(f -> f.field("reportId").order(SortOrder.Asc))),
                    JsonNode.class);
            List<RequirementMatch> matches = response.hits().hits().stream()
                    .map(hit -> {
                        JsonNode m = hit.source();
                        return new RequirementMatch(
                                m.path("requirementId").asText(),
                                m.path("reportId").asText(),
                                m.path("organisation").asText(),
                                m.hasNonNull("title") ? m.get("title").asText() : null,
                                m.hasNonNull("source") ? m.get("source").asText() : null,
                                m.hasNonNull("publishedAt")
                                        ? m.get("publishedAt").asText()
                                        : null,
                                m.path("matchedAt").asText(),
                                m.path("reportVersion").asLong());
                    })
                    .toList();
            return new RequirementMatches(requirementId, response.hits().total().value(), page, size, matches);
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("reading matches failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the matches a query finds. The node may lack the reindex module that serves delete-by-query (the test
     * distribution has none), so the ids are searched and deleted in bulk, a thousand at a time.
     */
    private void deleteWhere(Query query) {
        try {
            while (true) {
                SearchResponse<JsonNode> found = client.search(
                        s -> s.index(names.matches()).query(query).size(1000).source(src -> src.fetch(false)),
                        JsonNode.class);
                List<BulkOperation> deletes = found.hits().hits().stream()
                        .map(hit -> BulkOperation.of(
                                b -> b.delete(d -> d.index(names.matches()).id(hit.id()))))
                        .toList();
                if (deletes.isEmpty()) {
                    return;
                }
                // Refreshed so that the next round, and the caller's next read, no longer sees them.
                client.bulk(b -> b.operations(deletes).refresh(Refresh.True));
                if (deletes.size() < 1000) {
                    return;
                }
            }
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("forgetting matches failed: " + e.getMessage(), e);
        }
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }
}
