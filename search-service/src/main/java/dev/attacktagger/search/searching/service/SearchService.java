package dev.attacktagger.search.searching.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.attacktagger.search.common.FieldError;
import dev.attacktagger.search.common.Paging;
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

    @Inject
    ReportQueries queries;

    @Inject
    ReportSearchIndex index;

    public SearchResult search(String organisation, SearchRequestBody request) {
        SearchRequestBody body = request == null ? new SearchRequestBody(null, null, null, null) : request;
        int page = body.page() == null ? 0 : body.page();
        int size = body.size() == null ? DEFAULT_SIZE : body.size();
        List<FieldError> errors = new ArrayList<>(Paging.errors(page, size));
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

    /** @param size 1 to {@link Paging#MAX_SIZE}, checked by the caller */
    public RelatedReports related(String organisation, String id, int size) {
        return index.related(organisation, id, size)
                .orElseThrow(() -> ProblemException.notFound("no report " + id + " is indexed"));
    }
}
