package dev.attacktagger.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.JsonNumber;
import jakarta.json.stream.JsonGenerator;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.Result;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.attacktagger.search.common.SearchBackendException;
import dev.attacktagger.search.requirement.model.Requirement;

/**
 * Requirements in a percolator index: each document holds the requirement and its query, translated once, in a field
 * of type {@code percolator}. The index maps the report fields exactly as the reports index does (one component
 * template), because OpenSearch parses both the stored queries and the percolated reports with this mapping.
 */
@Singleton
public class RequirementIndex {

    /** More requirements than this per organisation are not percolated; a known limit of this first version. */
    static final int MAX_REQUIREMENTS = 10_000;

    @Inject
    OpenSearchClient client;

    @Inject
    IndexNames names;

    /** Stores a requirement; it is visible to percolation when this returns. */
    public void store(Requirement requirement, Query query) {
        try {
            client.index(i -> i.index(names.requirements())
                    .id(requirement.id())
                    .refresh(Refresh.True)
                    .document(new RequirementDocument(requirement, query)));
        } catch (IOException | OpenSearchException e) {
            // The percolator builds the stored query at once, so OpenSearch may find it too complex here.
            throw OpenSearchErrors.queryFailure("storing requirement failed", e);
        }
    }

    public Optional<Requirement> get(String id) {
        try {
            var response = client.get(
                    g -> g.index(names.requirements()).id(id).sourceIncludes(RequirementFields.REQUIREMENT),
                    JsonNode.class);
            return response.found() ? Optional.of(requirement(response.source())) : Optional.empty();
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("reading requirement failed: " + e.getMessage(), e);
        }
    }

    /** The requirements of an organisation, newest first. */
    public List<Requirement> list(String organisation) {
        try {
            SearchResponse<JsonNode> response = client.search(
                    s -> s.index(names.requirements())
                            .query(q -> q.term(
                                    t -> t.field("requirement.organisation").value(FieldValue.of(organisation))))
                            .size(MAX_REQUIREMENTS)
                            .source(src -> src.filter(f -> f.includes(RequirementFields.REQUIREMENT)))
                            .sort(o -> o.field(
                                    f -> f.field("requirement.createdAt").order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field("requirement.id").order(SortOrder.Asc))),
                    JsonNode.class);
            return response.hits().hits().stream()
                    .map(hit -> requirement(hit.source()))
                    .toList();
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("listing requirements failed: " + e.getMessage(), e);
        }
    }

    /** @return whether there was such a requirement */
    public boolean delete(String id) {
        try {
            var response =
                    client.delete(d -> d.index(names.requirements()).id(id).refresh(Refresh.True));
            return response.result() == Result.Deleted;
        } catch (IOException | OpenSearchException e) {
            if (OpenSearchErrors.status(e) == 404) {
                return false;
            }
            throw new SearchBackendException("deleting requirement failed: " + e.getMessage(), e);
        }
    }

    /** How many requirements exist, in all organisations. */
    public long count() {
        try {
            return client.count(c -> c.index(names.requirements())).count();
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("counting requirements failed: " + e.getMessage(), e);
        }
    }

    /** A requirement whose query matches the report document in {@code slot} of the percolated list. */
    public record PercolatorMatch(int slot, String requirementId) {}

    /**
     * Matches report documents against every stored requirement of their organisation, in one percolate search.
     *
     * @param documents report documents as they are indexed
     * @return for each requirement that matched, the positions of the documents it matched
     */
    public List<PercolatorMatch> percolate(List<Map<String, Object>> documents) {
        if (documents.isEmpty()) {
            return List.of();
        }
        List<JsonData> percolated = documents.stream().map(JsonData::of).toList();
        try {
            SearchResponse<JsonNode> response = client.search(
                    s -> s.index(names.requirements())
                            .query(q -> q.percolate(
                                    p -> p.field(RequirementFields.QUERY).documents(percolated)))
                            .size(MAX_REQUIREMENTS)
                            .source(src -> src.filter(f -> f.includes("requirement.id", "requirement.organisation"))),
                    JsonNode.class);
            List<PercolatorMatch> matches = new ArrayList<>();
            for (Hit<JsonNode> hit : response.hits().hits()) {
                JsonNode requirement = hit.source().path(RequirementFields.REQUIREMENT);
                String organisation = requirement.path("organisation").asText();
                for (int slot : slots(hit, documents.size())) {
                    // A requirement sees only the reports of its own organisation.
                    if (organisation.equals(documents.get(slot).get(ReportFields.ORGANISATION))) {
                        matches.add(
                                new PercolatorMatch(slot, requirement.path("id").asText()));
                    }
                }
            }
            return matches;
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("percolating reports failed: " + e.getMessage(), e);
        }
    }

    /** Which of the percolated documents a hit matched; OpenSearch lists them in {@code _percolator_document_slot}. */
    private static List<Integer> slots(Hit<JsonNode> hit, int documents) {
        JsonData field = hit.fields() == null ? null : hit.fields().get("_percolator_document_slot");
        if (field == null) {
            return documents == 1 ? List.of(0) : List.of();
        }
        List<Integer> slots = new ArrayList<>();
        field.toJson().asJsonArray().forEach(value -> slots.add(((JsonNumber) value).intValue()));
        return slots;
    }

    private static Requirement requirement(JsonNode source) {
        JsonNode r = source.path(RequirementFields.REQUIREMENT);
        return new Requirement(
                r.path("id").asText(),
                r.path("name").asText(),
                r.path("query").asText(),
                r.path("organisation").asText(),
                r.path("createdAt").asText());
    }

    /**
     * The stored document. Written through the client's own serialiser so that the translated query goes in as the
     * client renders it, with no JSON assembled by hand.
     */
    private record RequirementDocument(Requirement requirement, Query query) implements JsonpSerializable {
        @Override
        public void serialize(JsonGenerator generator, JsonpMapper mapper) {
            generator.writeStartObject();
            generator.writeKey(RequirementFields.QUERY);
            query.serialize(generator, mapper);
            generator.writeKey(RequirementFields.REQUIREMENT);
            generator.writeStartObject();
            generator.write("id", requirement.id());
            generator.write("name", requirement.name());
            generator.write("query", requirement.query());
            generator.write("organisation", requirement.organisation());
            generator.write("createdAt", requirement.createdAt());
            generator.writeEnd();
            generator.writeEnd();
        }
    }
}
