package dev.attacktagger.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.Buckets;
import org.opensearch.client.opensearch._types.aggregations.CalendarInterval;
import org.opensearch.client.opensearch._types.aggregations.FiltersBucket;
import org.opensearch.client.opensearch._types.aggregations.StringTermsBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.Technique;
import dev.attacktagger.search.common.SearchBackendException;
import dev.attacktagger.search.searching.model.FacetBucket;
import dev.attacktagger.search.searching.model.Facets;
import dev.attacktagger.search.searching.model.RelatedReports;
import dev.attacktagger.search.searching.model.ReportSummary;
import dev.attacktagger.search.searching.model.SearchResult;
import dev.attacktagger.search.searching.model.TagView;

/** Reads the reports index: searches with facets, related reports, technique counts and full scans for matching. */
@Singleton
public class ReportSearchIndex {

    private static final String[] SUMMARY_FIELDS = {
        ReportFields.ID,
        ReportFields.VERSION,
        ReportFields.TITLE,
        ReportFields.SOURCE,
        ReportFields.URL,
        ReportFields.PUBLISHED_AT,
        ReportFields.TECHNIQUE_COUNT,
        ReportFields.TECHNIQUES,
        ReportFields.TAGS
    };

    @Inject
    OpenSearchClient client;

    @Inject
    IndexNames names;

    @Inject
    AttackKnowledgeBase kb;

    /** One page of the reports of an organisation that match {@code query}, with facets over all of them. */
    public SearchResult search(
            String organisation,
            String queryText,
            Query query,
            int page,
            int size,
            dev.attacktagger.search.searching.model.SortOrder sort) {
        Query scoped = scoped(organisation, query);
        try {
            SearchResponse<JsonNode> response = client.search(
                    s -> s.index(names.reports())
                            .query(scoped)
                            .from(page * size)
                            .size(size)
                            .trackTotalHits(t -> t.enabled(true))
                            .source(src -> src.filter(f -> f.includes(List.of(SUMMARY_FIELDS))))
                            .sort(sortOptions(sort))
                            .aggregations(
                                    "techniques",
                                    a -> a.terms(t ->
                                            t.field(ReportFields.TECHNIQUES).size(50)))
                            .aggregations(
                                    "tactics",
                                    a -> a.terms(
                                            t -> t.field(ReportFields.TACTICS).size(50)))
                            .aggregations(
                                    "sources",
                                    a -> a.terms(
                                            t -> t.field(ReportFields.SOURCE).size(20)))
                            .aggregations(
                                    "months",
                                    a -> a.dateHistogram(d -> d.field(ReportFields.PUBLISHED_AT)
                                            .calendarInterval(CalendarInterval.Month)
                                            .format("yyyy-MM")
                                            .minDocCount(1))),
                    JsonNode.class);
            boolean scored = sort == dev.attacktagger.search.searching.model.SortOrder.RELEVANCE;
            List<ReportSummary> hits = response.hits().hits().stream()
                    .map(hit -> summary(hit.source(), scored ? hit.score() : null))
                    .toList();
            Map<String, Aggregate> aggregations = response.aggregations();
            Facets facets = new Facets(
                    terms(aggregations.get("techniques"), this::techniqueName),
                    terms(aggregations.get("tactics"), this::tacticName),
                    terms(aggregations.get("sources"), key -> null),
                    aggregations.get("months").dateHistogram().buckets().array().stream()
                            .map(bucket -> new FacetBucket(bucket.keyAsString(), null, bucket.docCount()))
                            .toList());
            long total = response.hits().total() == null
                    ? hits.size()
                    : response.hits().total().value();
            return new SearchResult(queryText, total, page, size, sort.written(), hits, facets, response.took());
        } catch (IOException | OpenSearchException e) {
            throw OpenSearchErrors.queryFailure("search failed", e);
        }
    }

    /**
     * How many matching reports of the organisation carry each technique (exactly that id, no rollup).
     *
     * @return technique id to count, and under the key {@code ""} the number of matching reports
     */
    public Map<String, Long> techniqueCounts(String organisation, Query query) {
        try {
            SearchResponse<JsonNode> response = client.search(
                    s -> s.index(names.reports())
                            .query(scoped(organisation, query))
                            .size(0)
                            .trackTotalHits(t -> t.enabled(true))
                            .aggregations(
                                    "techniques",
                                    a -> a.terms(t ->
                                            t.field(ReportFields.TECHNIQUES).size(5000))),
                    JsonNode.class);
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("", response.hits().total().value());
            for (StringTermsBucket bucket :
                    response.aggregations().get("techniques").sterms().buckets().array()) {
                counts.put(bucket.key(), bucket.docCount());
            }
            return counts;
        } catch (IOException | OpenSearchException e) {
            throw OpenSearchErrors.queryFailure("counting techniques failed", e);
        }
    }

    /**
     * Reports that share techniques with one report. Each shared technique weighs {@code ln(1 + N / n)}, where N is
     * the number of reports of the organisation and n those with the technique, so a technique that nearly every
     * report has adds almost nothing and a rare one adds much.
     *
     * @return empty when the organisation has no such report
     */
    public Optional<RelatedReports> related(String organisation, String id, int size) {
        try {
            var own = client.get(
                    g -> g.index(names.reports())
                            .id(id)
                            .sourceIncludes(ReportFields.ORGANISATION, ReportFields.TECHNIQUES),
                    JsonNode.class);
            if (!own.found()
                    || own.source() == null
                    || !organisation.equals(
                            own.source().path(ReportFields.ORGANISATION).asText())) {
                return Optional.empty();
            }
            List<String> techniques = strings(own.source().path(ReportFields.TECHNIQUES));
            if (techniques.isEmpty()) {
                return Optional.of(new RelatedReports(id, techniques, List.of()));
            }
            Map<String, Query> filters = new LinkedHashMap<>();
            for (String technique : techniques) {
                filters.put(technique, term(ReportFields.TECHNIQUES, technique));
            }
            Query organisationOnly = term(ReportFields.ORGANISATION, organisation);
            SearchResponse<JsonNode> frequencies = client.search(
                    s -> s.index(names.reports())
                            .query(organisationOnly)
                            .size(0)
                            .trackTotalHits(t -> t.enabled(true))
                            .aggregations("df", a -> a.filters(f -> f.filters(Buckets.of(b -> b.keyed(filters))))),
                    JsonNode.class);
            long reports = frequencies.hits().total().value();
            Map<String, FiltersBucket> df =
                    frequencies.aggregations().get("df").filters().buckets().keyed();
            Map<String, RelatedReports.SharedTechnique> weights = new LinkedHashMap<>();
            for (String technique : techniques) {
                long n = Math.max(1, df.get(technique).docCount());
                double weight = Math.log(1.0 + (double) reports / n);
                weights.put(
                        technique, new RelatedReports.SharedTechnique(technique, techniqueName(technique), n, weight));
            }
            List<Query> should = new ArrayList<>();
            for (RelatedReports.SharedTechnique shared : weights.values()) {
                should.add(Query.of(q ->
                        q.constantScore(c -> c.filter(term(ReportFields.TECHNIQUES, shared.techniqueId()))
                                .boost((float) shared.weight()))));
            }
            SearchResponse<JsonNode> response = client.search(
                    s -> s.index(names.reports())
                            .query(q -> q.bool(b -> b.filter(organisationOnly)
                                    .mustNot(m -> m.ids(i -> i.values(id)))
                                    .should(should)
                                    .minimumShouldMatch("1")))
                            .size(size)
                            .source(src -> src.filter(f -> f.includes(List.of(SUMMARY_FIELDS))))
                            .sort(
                                    SortOptions.of(o -> o.score(sc -> sc.order(SortOrder.Desc))),
                                    SortOptions.of(o -> o.field(
                                            f -> f.field(ReportFields.ID).order(SortOrder.Asc)))),
                    JsonNode.class);
            List<RelatedReports.Related> related = new ArrayList<>();
            for (Hit<JsonNode> hit : response.hits().hits()) {
                Set<String> theirs = new HashSet<>(strings(hit.source().path(ReportFields.TECHNIQUES)));
                List<RelatedReports.SharedTechnique> shared = weights.values().stream()
                        .filter(w -> theirs.contains(w.techniqueId()))
                        .sorted(Comparator.comparingDouble(RelatedReports.SharedTechnique::weight)
                                .reversed()
                                .thenComparing(RelatedReports.SharedTechnique::techniqueId))
                        .toList();
                double score = shared.stream()
                        .mapToDouble(RelatedReports.SharedTechnique::weight)
                        .sum();
                related.add(new RelatedReports.Related(summary(hit.source(), null), score, shared));
            }
            return Optional.of(new RelatedReports(id, techniques, related));
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("related reports of " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** A report that a requirement's query matches, as the match record needs it. */
    public record Matching(String id, long version, String title, String source, String publishedAt) {}

    /** Every report of an organisation that matches {@code query}, read in pages of 1,000. */
    public List<Matching> allMatching(String organisation, Query query) {
        List<Matching> all = new ArrayList<>();
        List<FieldValue> after = null;
        Query scoped = scoped(organisation, query);
        try {
            while (true) {
                List<FieldValue> searchAfter = after;
                SearchResponse<JsonNode> response = client.search(
                        s -> {
                            s.index(names.reports())
                                    .query(scoped)
                                    .size(1000)
                                    .source(src -> src.filter(f -> f.includes(
                                            ReportFields.ID,
                                            ReportFields.VERSION,
                                            ReportFields.TITLE,
                                            ReportFields.SOURCE,
                                            ReportFields.PUBLISHED_AT)))
                                    .sort(o -> o.field(
                                            f -> f.field(ReportFields.ID).order(SortOrder.Asc)));
                            if (searchAfter != null) {
                                s.searchAfter(searchAfter);
                            }
                            return s;
                        },
                        JsonNode.class);
                List<Hit<JsonNode>> hits = response.hits().hits();
                for (Hit<JsonNode> hit : hits) {
                    JsonNode source = hit.source();
                    all.add(new Matching(
                            source.path(ReportFields.ID).asText(),
                            source.path(ReportFields.VERSION).asLong(),
                            text(source, ReportFields.TITLE),
                            text(source, ReportFields.SOURCE),
                            text(source, ReportFields.PUBLISHED_AT)));
                }
                if (hits.size() < 1000) {
                    return all;
                }
                after = List.of(FieldValue.of(
                        hits.get(hits.size() - 1).source().path(ReportFields.ID).asText()));
            }
        } catch (IOException | OpenSearchException e) {
            throw OpenSearchErrors.queryFailure("matching reports failed", e);
        }
    }

    private static Query scoped(String organisation, Query query) {
        return Query.of(q -> q.bool(b -> b.must(query).filter(term(ReportFields.ORGANISATION, organisation))));
    }

    private static List<SortOptions> sortOptions(dev.attacktagger.search.searching.model.SortOrder sort) {
        SortOptions byId =
                SortOptions.of(o -> o.field(f -> f.field(ReportFields.ID).order(SortOrder.Asc)));
        SortOptions first = switch (sort) {
            case RELEVANCE -> SortOptions.of(o -> o.score(s -> s.order(SortOrder.Desc)));
            case PUBLISHED_DESC -> field(ReportFields.PUBLISHED_AT, SortOrder.Desc);
            case PUBLISHED_ASC -> field(ReportFields.PUBLISHED_AT, SortOrder.Asc);
            case TECHNIQUE_COUNT_DESC -> field(ReportFields.TECHNIQUE_COUNT, SortOrder.Desc);
            case TECHNIQUE_COUNT_ASC -> field(ReportFields.TECHNIQUE_COUNT, SortOrder.Asc);
            case TITLE_ASC -> field(ReportFields.TITLE_RAW, SortOrder.Asc);
            case TITLE_DESC -> field(ReportFields.TITLE_RAW, SortOrder.Desc);
        };
        return List.of(first, byId);
    }

    private static SortOptions field(String field, SortOrder order) {
        return SortOptions.of(o -> o.field(f -> f.field(field).order(order).missing(FieldValue.of("_last"))));
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    private static List<FacetBucket> terms(Aggregate aggregate, Function<String, String> name) {
        return aggregate.sterms().buckets().array().stream()
                .map(bucket -> new FacetBucket(bucket.key(), name.apply(bucket.key()), bucket.docCount()))
                .toList();
    }

    private String techniqueName(String id) {
        return kb.technique(id).map(t -> t.fullName(kb)).orElse(null);
    }

    private String tacticName(String shortName) {
        return kb.tactic(shortName).map(t -> t.name()).orElse(null);
    }

    /** A search hit's summary; names the tags from the knowledge base where the document has none. */
    ReportSummary summary(JsonNode source, Double score) {
        List<TagView> tags = new ArrayList<>();
        for (JsonNode tag : source.path(ReportFields.TAGS)) {
            String id = tag.path("techniqueId").asText();
            String name = tag.hasNonNull("name")
                    ? tag.get("name").asText()
                    : kb.technique(id).map(Technique::name).orElse(null);
            tags.add(new TagView(
                    id,
                    name,
                    strings(tag.path("tactics")),
                    tag.hasNonNull("confidence") ? tag.get("confidence").asDouble() : null,
                    text(tag, "origin"),
                    text(tag, "state")));
        }
        return new ReportSummary(
                source.path(ReportFields.ID).asText(),
                source.path(ReportFields.VERSION).asLong(),
                text(source, ReportFields.TITLE),
                text(source, ReportFields.SOURCE),
                text(source, ReportFields.URL),
                text(source, ReportFields.PUBLISHED_AT),
                source.path(ReportFields.TECHNIQUE_COUNT).asInt(),
                tags,
                score);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
