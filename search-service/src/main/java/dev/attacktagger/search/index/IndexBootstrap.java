package dev.attacktagger.search.index;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;

import io.quarkus.runtime.StartupEvent;

/**
 * Puts the index templates and indices when the service starts. The service cannot work without them, so a node that
 * cannot be reached stops the start-up with a message naming the address.
 */
@ApplicationScoped
public class IndexBootstrap {

    private static final Logger LOG = Logger.getLogger(IndexBootstrap.class);

    @Inject
    IndexSchema schema;

    @Inject
    OpenSearchClient client;

    void onStart(@Observes StartupEvent event) {
        try {
            String version = client.info().version().number();
            schema.apply();
            LOG.infof("OpenSearch %s ready: index templates and indices are in place", version);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the OpenSearch indices: " + e.getMessage(), e);
        }
    }
}
