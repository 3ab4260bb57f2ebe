package dev.attacktagger.search.searching.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.attacktagger.search.common.FieldError;
import dev.attacktagger.search.common.ProblemException;
import dev.attacktagger.search.index.ReportQueries;
import dev.attacktagger.search.index.ReportSearchIndex;
import dev.attacktagger.search.searching.model.RelatedReports;
import dev.attacktagger.search.searching.model.SearchRequestBody;
import dev.attacktagger.search.searching.model.SearchResult;
import dev.attacktagger.search.searching.model.SortOrder;

/** Searches the reports of an organisation with the query language. */
@Singleton
public class SearchService {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** OpenSearch's default window: from + size may not pass it. */
    static final int MAX_WINDOW = 10_000;

    @Inject
    ReportQueries queries;

    @Inject
    ReportSearchIndex index;

    public SearchResult search(String organisation, SearchRequestBody request) {
        SearchRequestBody body = request == null ? new SearchRequestBody(null, null, null, null) : request;
        List<FieldError> errors = new ArrayList<>();
        int page = body.page() == null ? 0 : body.page();
        int size = body.size() == null ? DEFAULT_SIZE : body.size();
        if (page < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add(new FieldError("size", "must be between 1 and " + MAX_SIZE));
        }
        if (errors.isEmpty() && (long) (page + 1) * size > MAX_WINDOW) {
            errors.add(new FieldError("page", "(page + 1) * size must not pass " + MAX_WINDOW));
        }
        SortOrder sort = SortOrder.PUBLISHED_DESC;
        if (body.sort() != null && !body.sort().isBlank()) {
            Optional<SortOrder> parsed = SortOrder.parse(body.sort());
            if (parsed.isEmpty()) {
                errors.add(new FieldError("sort", "must be one of " + SortOrder.choices()));
            } else {
                sort = parsed.get();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Query query = queries.compile("query", body.query());
        return index.search(organisation, body.query() == null ? "" : body.query(), query, page, size, sort);
    }

    public RelatedReports related(String organisation, String id, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        return index.related(organisation, id, size)
                .orElseThrow(() -> ProblemException.notFound("no report " + id + " is indexed"));
    }
}
