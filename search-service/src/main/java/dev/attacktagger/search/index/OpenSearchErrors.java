package dev.attacktagger.search.index;

import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * The HTTP status of a failed OpenSearch call. The client reports an error either as an {@link OpenSearchException}
 * or, with the Apache HttpClient 5 transport, as an I/O exception caused by a {@link ResponseException} (it does so
 * for a version conflict on a single-document write): both are looked for.
 */
final class OpenSearchErrors {

    private OpenSearchErrors() {}

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
