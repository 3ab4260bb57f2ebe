package dev.attacktagger.tag;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Reserves a loopback port for the stand-in search-service ({@link SearchReceiver}) and points the relay at it. The
 * receiver itself is started and stopped by the tests; until then nothing listens there.
 */
public class SearchReceiverResource implements QuarkusTestResourceLifecycleManager {

    /** The system property that hands the port to the tests, whatever class loader they run in. */
    public static final String PORT_PROPERTY = "attacktagger.test.search-receiver-port";

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the search receiver", e);
        }
        System.setProperty(PORT_PROPERTY, String.valueOf(port));
        return Map.of("attacktagger.search.url", "http://127.0.0.1:" + port, "attacktagger.outbox.enabled", "true");
    }

    @Override
    public void stop() {
        SearchReceiver.shared().stop();
    }
}
