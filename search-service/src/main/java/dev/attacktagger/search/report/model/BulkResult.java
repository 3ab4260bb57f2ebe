package dev.attacktagger.search.report.model;

import java.util.List;

/**
 * What a bulk indexing request did.
 *
 * @param indexed reports created or updated
 * @param unchanged repeated deliveries of the version already indexed
 * @param stale reports dropped because a newer version is indexed
 * @param failed reports OpenSearch refused, with the reason
 * @param millis time spent in all, for the caller's own figures
 * @param writeMillis of which waiting for OpenSearch's bulk write (the rest: reading, checking, percolating)
 */
public record BulkResult(int indexed, int unchanged, int stale, List<Failure> failed, long millis, long writeMillis) {

    /** One refused report. */
    public record Failure(String id, String reason) {}
}
