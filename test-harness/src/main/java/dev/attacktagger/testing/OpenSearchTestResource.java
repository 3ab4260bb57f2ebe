package dev.attacktagger.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a real OpenSearch node: {@code @QuarkusTestResource(OpenSearchTestResource.class)}. Sets
 * {@code attacktagger.opensearch.url} (and {@code quarkus.elasticsearch.hosts} for code that reads that key).
 */
public class OpenSearchTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        OpenSearchNode node = OpenSearchNode.shared();
        return Map.of("attacktagger.opensearch.url", node.url());
    }

    @Override
    public void stop() {
        // The node is shared by the JVM's tests and stops when the JVM exits.
    }
}
