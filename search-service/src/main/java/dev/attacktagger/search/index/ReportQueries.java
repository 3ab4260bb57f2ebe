package dev.attacktagger.search.index;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.attacktagger.search.common.InvalidQueryException;
import dev.attacktagger.search.query.QueryNode;
import dev.attacktagger.search.query.QueryParser;
import dev.attacktagger.search.query.QuerySyntaxException;
import dev.attacktagger.search.query.QueryVocabulary;

/** Reads a query of the query language into an OpenSearch query, or fails with where and why. */
@Singleton
public class ReportQueries {

    @Inject
    QueryVocabulary vocabulary;

    /**
     * @param field the request field or parameter the query came in, named in the error
     * @throws InvalidQueryException when the query cannot be read
     */
    public Query compile(String field, String query) {
        return QueryTranslator.translate(parse(field, query));
    }

    /** Only checks the query. */
    public QueryNode parse(String field, String query) {
        try {
            return QueryParser.parse(query, vocabulary);
        } catch (QuerySyntaxException e) {
            throw new InvalidQueryException(field, e.offset(), e.expected(), e.getMessage());
        }
    }
}
