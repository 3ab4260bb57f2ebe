package dev.attacktagger.ingest.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A web server on 127.0.0.1 that serves the pages, files, redirects and feeds a test puts on it. */
public final class TestSite implements AutoCloseable {

    private record Page(int status, String contentType, byte[] body, String location, long stallMillis) {}

    private final HttpServer server;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public TestSite() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test site", e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                Page page = pages.get(path);
                if (page == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                if (page.stallMillis() > 0) {
                    sleep(page.stallMillis());
                }
                if (page.location() != null) {
                    exchange.getResponseHeaders().add("Location", page.location());
                    exchange.sendResponseHeaders(page.status(), -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", page.contentType());
                exchange.sendResponseHeaders(page.status(), page.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page.body());
                }
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "test-site");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public TestSite serve(String path, String contentType, byte[] body) {
        pages.put(path, new Page(200, contentType, body, null, 0));
        return this;
    }

    public TestSite serve(String path, String contentType, String body) {
        return serve(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public TestSite redirect(String path, String location) {
        pages.put(path, new Page(302, null, null, location, 0));
        return this;
    }

    public TestSite stall(String path, long millis) {
        pages.put(path, new Page(200, "text/plain", "late".getBytes(StandardCharsets.UTF_8), null, millis));
        return this;
    }

    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
