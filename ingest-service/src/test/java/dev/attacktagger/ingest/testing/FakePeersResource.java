package dev.attacktagger.ingest.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts {@link FakePeers} for a {@code @QuarkusTest} and points the service at them. */
public class FakePeersResource implements QuarkusTestResourceLifecycleManager {

    private static FakePeers peers;
    private static TestSite site;

    /** The peers of the running test application. */
    public static synchronized FakePeers peers() {
        if (peers == null) {
            peers = new FakePeers();
        }
        return peers;
    }

    /** A web server for the test application's URLs and feeds. */
    public static synchronized TestSite site() {
        if (site == null) {
            site = new TestSite();
        }
        return site;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "attacktagger.classify.url", peers().classifyUrl(),
                "attacktagger.tag.url", peers().tagUrl());
    }

    @Override
    public void stop() {
        // The servers are daemon threads of the test JVM and go with it; the application may restart between tests.
    }
}
