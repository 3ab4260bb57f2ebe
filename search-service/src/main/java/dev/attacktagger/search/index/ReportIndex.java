package dev.attacktagger.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Result;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.IndexResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

import com.fasterxml.jackson.databind.JsonNode;

import dev.attacktagger.search.common.SearchBackendException;
import dev.attacktagger.search.report.model.IndexResult;

/**
 * Writes reports with external versioning: the version tag-service sends is the document's version, and OpenSearch
 * itself refuses one that is not newer than what it holds, so a late, stale delivery can never overwrite a newer one.
 */
@Singleton
public class ReportIndex {

    private static final Logger LOG = Logger.getLogger(ReportIndex.class);
    private static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    @Inject
    OpenSearchClient client;

    @Inject
    IndexNames names;

    @Inject
    Refreshes refreshes;

    /** Writes one report document unless a version as new or newer is indexed. */
    public IndexResult.Outcome index(String id, long version, Map<String, Object> document) {
        try {
            IndexResponse response = client.index(i -> i.index(names.reports())
                    .id(id)
                    .version(version)
                    .versionType(VersionType.External)
                    .refresh(refreshes.writes())
                    .document(document));
            return response.result() == Result.Created ? IndexResult.Outcome.CREATED : IndexResult.Outcome.UPDATED;
        } catch (IOException | OpenSearchException e) {
            if (OpenSearchErrors.status(e) == 409) {
                return sameVersionIndexed(id, version) ? IndexResult.Outcome.UNCHANGED : IndexResult.Outcome.STALE;
            }
            throw new SearchBackendException("indexing report " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** One bulk item's outcome; {@code reason} only for failures. */
    public record BulkItem(String id, IndexResult.Outcome outcome, String reason) {}

    /**
     * Writes many report documents in one request, each with its own external version.
     *
     * @param documents the documents, each with its {@code id} and {@code version}
     */
    public List<BulkItem> bulk(List<Map<String, Object>> documents) {
        List<BulkOperation> operations = new ArrayList<>(documents.size());
        for (Map<String, Object> document : documents) {
            String id = (String) document.get(ReportFields.ID);
            long version = ((Number) document.get(ReportFields.VERSION)).longValue();
            operations.add(BulkOperation.of(b -> b.index(i -> i.index(names.reports())
                    .id(id)
                    .version(version)
                    .versionType(VersionType.External)
                    .document(document))));
        }
        try {
            BulkResponse response = client.bulk(b -> b.operations(operations).refresh(refreshes.writes()));
            List<BulkItem> items = new ArrayList<>(documents.size());
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                if (item.error() == null) {
                    items.add(new BulkItem(
                            item.id(),
                            "created".equals(item.result()) ? IndexResult.Outcome.CREATED : IndexResult.Outcome.UPDATED,
                            null));
                } else if (VERSION_CONFLICT.equals(item.error().type())) {
                    long version = ((Number) documents.get(i).get(ReportFields.VERSION)).longValue();
                    items.add(new BulkItem(
                            item.id(),
                            sameVersionIndexed(item.id(), version)
                                    ? IndexResult.Outcome.UNCHANGED
                                    : IndexResult.Outcome.STALE,
                            null));
                } else {
                    items.add(new BulkItem(
                            item.id(),
                            null,
                            item.error().type() + ": " + item.error().reason()));
                }
            }
            return items;
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("bulk indexing failed: " + e.getMessage(), e);
        }
    }

    /** What a delete did. */
    public enum DeleteOutcome {
        DELETED,
        NOT_FOUND,
        STALE
    }

    /**
     * Deletes a report.
     *
     * @param version with a version, the delete only wins over an older indexed version; without, it always does
     */
    public DeleteOutcome delete(String id, Long version) {
        try {
            var response = client.delete(d -> {
                d.index(names.reports()).id(id).refresh(refreshes.writes());
                if (version != null) {
                    d.version(version).versionType(VersionType.External);
                }
                return d;
            });
            return response.result() == Result.Deleted ? DeleteOutcome.DELETED : DeleteOutcome.NOT_FOUND;
        } catch (IOException | OpenSearchException e) {
            int status = OpenSearchErrors.status(e);
            if (status == 409) {
                return DeleteOutcome.STALE;
            }
            if (status == 404) {
                return DeleteOutcome.NOT_FOUND;
            }
            throw new SearchBackendException("deleting report " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** The stored document of a report, without its text. */
    public Optional<JsonNode> get(String id) {
        try {
            GetResponse<JsonNode> response =
                    client.get(g -> g.index(names.reports()).id(id).sourceExcludes(ReportFields.TEXT), JsonNode.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("reading report " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** The version indexed for a report, or -1 when there is none. */
    public long indexedVersion(String id) {
        try {
            GetResponse<JsonNode> response =
                    client.get(g -> g.index(names.reports()).id(id).source(s -> s.fetch(false)), JsonNode.class);
            return response.found() && response.version() != null ? response.version() : -1;
        } catch (IOException | OpenSearchException e) {
            throw new SearchBackendException("reading report " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** A conflict on the version already indexed is a repeated delivery, not a stale one. */
    private boolean sameVersionIndexed(String id, long version) {
        long indexed = indexedVersion(id);
        LOG.debugf("report %s: version %d refused, %d indexed", id, version, indexed);
        return indexed == version;
    }
}
