package dev.attacktagger.search.index;

import java.io.IOException;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.IndexSettings;
import org.opensearch.client.opensearch.indices.TranslogDurability;

/**
 * The index templates and indices, put at start-up. Putting a template replaces it, and an index is created only when
 * it is missing, so start-up can run any number of times.
 *
 * <p>The report fields are one component template shared by the reports index and the requirements index: the
 * percolator parses stored queries and percolated documents with the requirements index's mapping, so both must map the
 * report fields the same way. A changed mapping reaches existing indices only by reindexing; this service does not
 * migrate them.
 */
@Singleton
public class IndexSchema {

    private static final Logger LOG = Logger.getLogger(IndexSchema.class);
    private static final String LOWERCASE = "lowercase_keyword";

    @Inject
    OpenSearchClient client;

    @Inject
    IndexNames names;

    /** Puts the templates and creates the missing indices. */
    public void apply() throws IOException {
        IndexSettings settings = IndexSettings.of(s -> s.numberOfShards(1)
                // A single node cannot place replicas: with any, every index would stay yellow.
                .numberOfReplicas(0)
                // The index is derived data that tag-service's outbox can send again, so the translog is synced every
                // few seconds rather than on every request: bulk loads stop waiting for an fsync per request.
                .translog(t -> t.durability(TranslogDurability.Async).syncInterval(i -> i.time("5s")))
                .analysis(a -> a.normalizer(LOWERCASE, n -> n.custom(c -> c.filter("lowercase")))));
        client.cluster()
                .putComponentTemplate(c -> c.name(names.reportFieldsComponent())
                        .template(t -> t.settings(settings).mappings(reportMapping())));
        client.indices()
                .putIndexTemplate(t -> t.name(names.prefix() + "-reports")
                        .indexPatterns(names.reports() + "*")
                        .composedOf(names.reportFieldsComponent())
                        .priority(200));
        client.indices()
                .putIndexTemplate(t -> t.name(names.prefix() + "-requirements")
                        .indexPatterns(names.requirements() + "*")
                        .composedOf(names.reportFieldsComponent())
                        .template(m -> m.mappings(requirementMapping()))
                        .priority(200));
        client.indices()
                .putIndexTemplate(t -> t.name(names.prefix() + "-requirement-matches")
                        .indexPatterns(names.matches() + "*")
                        .template(m -> m.settings(s -> s.numberOfShards(1).numberOfReplicas(0))
                                .mappings(matchMapping()))
                        .priority(200));
        for (String index : new String[] {names.reports(), names.requirements(), names.matches()}) {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                client.indices().create(c -> c.index(index));
                LOG.infof("created index %s", index);
            }
        }
    }

    static TypeMapping reportMapping() {
        return TypeMapping.of(m -> m.dynamic(DynamicMapping.False)
                .properties(ReportFields.ID, keyword())
                .properties(ReportFields.VERSION, p -> p.long_(l -> l))
                .properties(ReportFields.ORGANISATION, keyword())
                .properties(
                        ReportFields.TITLE,
                        p -> p.text(t -> t.analyzer("english")
                                .fields("raw", keywordWithLimit())
                                .fields("lower", lowercaseKeyword())))
                .properties(
                        ReportFields.SOURCE,
                        p -> p.keyword(k -> k.ignoreAbove(512).fields("lower", lowercaseKeyword())))
                .properties(ReportFields.URL, p -> p.keyword(k -> k.index(false)))
                .properties(ReportFields.PUBLISHED_AT, date())
                .properties(ReportFields.CREATED_AT, date())
                .properties(ReportFields.UPDATED_AT, date())
                .properties(ReportFields.LANGUAGE, keyword())
                .properties(ReportFields.TEXT, p -> p.text(t -> t.analyzer("english")))
                .properties(
                        ReportFields.INDICATORS,
                        p -> p.object(o -> o.properties("type", keyword())
                                .properties(
                                        "value",
                                        Property.of(v -> v.keyword(
                                                k -> k.ignoreAbove(1024).fields("lower", lowercaseKeyword()))))))
                .properties(
                        ReportFields.ENTITIES,
                        p -> p.object(o -> o.properties("attackId", keyword())
                                .properties("name", keyword())
                                .properties("kind", keyword())))
                .properties(
                        ReportFields.TAGS,
                        p -> p.nested(n -> n.properties(Map.of(
                                "techniqueId", keyword(),
                                "parentId", keyword(),
                                "family", keyword(),
                                "name", Property.of(k -> k.keyword(x -> x.index(false))),
                                "tactics", keyword(),
                                "confidence", Property.of(f -> f.float_(x -> x)),
                                "origin", keyword(),
                                "state", keyword()))))
                .properties(ReportFields.REJECTED_TAGS, p -> p.object(o -> o.enabled(false)))
                // Every search aggregates these for its facets: build their global ordinals at refresh, not at query.
                .properties(ReportFields.TECHNIQUES, facetKeyword())
                .properties(ReportFields.TACTICS, facetKeyword())
                .properties(ReportFields.FAMILIES, keyword())
                .properties(ReportFields.TECHNIQUE_COUNT, p -> p.integer(i -> i)));
    }

    static TypeMapping requirementMapping() {
        return TypeMapping.of(m -> m.properties(RequirementFields.QUERY, p -> p.percolator(x -> x))
                .properties(
                        RequirementFields.REQUIREMENT,
                        p -> p.object(o -> o.properties("id", keyword())
                                .properties("name", keyword())
                                .properties("query", Property.of(k -> k.keyword(x -> x.index(false))))
                                .properties("organisation", keyword())
                                .properties("createdAt", date()))));
    }

    static TypeMapping matchMapping() {
        return TypeMapping.of(m -> m.dynamic(DynamicMapping.False)
                .properties("requirementId", keyword())
                .properties("reportId", keyword())
                .properties("organisation", keyword())
                .properties("title", Property.of(k -> k.keyword(x -> x.index(false))))
                .properties("source", keyword())
                .properties("publishedAt", date())
                .properties("matchedAt", date())
                .properties("reportVersion", Property.of(l -> l.long_(x -> x))));
    }

    private static Property keyword() {
        return Property.of(p -> p.keyword(k -> k));
    }

    private static Property facetKeyword() {
        return Property.of(p -> p.keyword(k -> k.eagerGlobalOrdinals(true)));
    }

    private static Property keywordWithLimit() {
        return Property.of(p -> p.keyword(k -> k.ignoreAbove(1024)));
    }

    private static Property lowercaseKeyword() {
        return Property.of(p -> p.keyword(k -> k.normalizer(LOWERCASE).ignoreAbove(1024)));
    }

    private static Property date() {
        return Property.of(p -> p.date(d -> d));
    }
}
