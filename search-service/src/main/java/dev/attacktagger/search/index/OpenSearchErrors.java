package dev.attacktagger.search.index;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.httpclient5.ResponseException;

import dev.attacktagger.search.common.ProblemException;
import dev.attacktagger.search.common.SearchBackendException;

/**
 * What a failed OpenSearch call says: its HTTP status, and whether it refused a caller's query as too complex. The
 * client reports an error either as an {@link OpenSearchException} or, with the Apache HttpClient 5 transport, as an
 * I/O exception caused by a {@link ResponseException} (it does so for a version conflict on a single-document write):
 * both are looked for.
 */
final class OpenSearchErrors {

    /**
     * What OpenSearch says when it cannot build a query because it is too big or too costly: more clauses than {@code
     * indices.query.bool.max_clause_count}, or a pattern whose automaton is too large or too costly to determinise.
     */
    private static final List<String> TOO_COMPLEX =
            List.of("maxClauseCount", "Determinizing automaton", "automaton is too large");

    private OpenSearchErrors() {}

    /**
     * The failure of a call that ran a caller's query: a 400 naming the query when OpenSearch found the query too
     * complex (the parser's limits should have caught it first), otherwise a backend failure.
     */
    static RuntimeException queryFailure(String what, Exception e) {
        return tooComplex(e)
                .<RuntimeException>map(
                        reason -> ProblemException.invalid("query", "is too complex for OpenSearch (" + reason + ")"))
                .orElseGet(() -> new SearchBackendException(what + ": " + e.getMessage(), e));
    }

    /**
     * OpenSearch's reason when it refused a query as too complex. A search names it in its root causes, a write of a
     * percolator query in the chain of causes, so both are looked through.
     */
    private static Optional<String> tooComplex(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OpenSearchException failure) {
                return causes(failure.error())
                        .map(ErrorCause::reason)
                        .filter(Objects::nonNull)
                        .filter(reason -> TOO_COMPLEX.stream().anyMatch(reason::contains))
                        .findFirst();
            }
        }
        return Optional.empty();
    }

    private static Stream<ErrorCause> causes(ErrorCause cause) {
        if (cause == null) {
            return Stream.empty();
        }
        Stream<ErrorCause> deeper = Stream.concat(Stream.of(cause.causedBy()), cause.rootCause().stream());
        return Stream.concat(Stream.of(cause), deeper.flatMap(OpenSearchErrors::causes));
    }

    /** The status, or 0 when the failure carries none (the node could not be reached). */
    static int status(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OpenSearchException failure) {
                return failure.status();
            }
            if (cause instanceof ResponseException response) {
                return response.status();
            }
        }
        return 0;
    }
}
