package dev.attacktagger.search.index;

import java.io.IOException;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one OpenSearch client of the process, over the Apache HttpClient 5 transport. The transport holds a connection
 * pool and I/O threads, so it is closed when the application stops.
 */
@ApplicationScoped
public class OpenSearchClientProducer {

    private static final Logger LOG = Logger.getLogger(OpenSearchClientProducer.class);

    @ConfigProperty(name = "attacktagger.opensearch.url", defaultValue = "http://127.0.0.1:9200")
    String url;

    @ConfigProperty(name = "attacktagger.opensearch.max-connections", defaultValue = "32")
    int maxConnections;

    @Produces
    @Singleton
    OpenSearchTransport transport() {
        try {
            HttpHost host = HttpHost.create(url);
            OpenSearchTransport transport = ApacheHttpClient5TransportBuilder.builder(host)
                    .setMapper(new JacksonJsonpMapper(new ObjectMapper()))
                    .setHttpClientConfigCallback(
                            http -> http.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                    .setMaxConnTotal(maxConnections)
                                    .setMaxConnPerRoute(maxConnections)
                                    .build()))
                    .build();
            LOG.infof("OpenSearch client for %s (opensearch-java, Apache HttpClient 5 transport)", url);
            return transport;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("attacktagger.opensearch.url is not a URL: " + url, e);
        }
    }

    @Produces
    @Singleton
    OpenSearchClient client(OpenSearchTransport transport) {
        return new OpenSearchClient(transport);
    }

    void close(@Disposes OpenSearchTransport transport) throws IOException {
        transport.close();
    }
}
