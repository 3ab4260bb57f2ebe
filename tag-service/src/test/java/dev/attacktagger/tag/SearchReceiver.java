package dev.attacktagger.tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A stand-in for search-service's index API on 127.0.0.1 that records every document it is sent, in order. */
public final class SearchReceiver {

    private static final SearchReceiver SHARED = new SearchReceiver();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<UUID, Integer> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> organisationAnswers = new ConcurrentHashMap<>();
    private HttpServer server;

    /** One document received: the report, its version and the whole body. */
    public record Delivery(UUID reportId, long version, JsonNode body) {}

    public static SearchReceiver shared() {
        return SHARED;
    }

    public static int port() {
        return Integer.parseInt(System.getProperty(SearchReceiverResource.PORT_PROPERTY));
    }

    public static String url() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port()), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port(), e);
        }
        server.createContext("/api/v1/index/reports/", this::handle);
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Answers every request for the report with {@code status} from now on (200 unless set). */
    public void answer(UUID reportId, int status) {
        answers.put(reportId, status);
    }

    /**
     * Answers every request for a report of {@code organisation} with {@code status} from now on, unless {@link
     * #answer} set one for the report itself. Set before a report is made, it holds from the relay's first attempt.
     */
    public void answerOrganisation(String organisation, int status) {
        organisationAnswers.put(organisation, status);
    }

    /** What arrived for one report, in arrival order. */
    public synchronized List<Delivery> deliveriesOf(UUID reportId) {
        return deliveries.stream().filter(d -> d.reportId().equals(reportId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            UUID id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
            JsonNode body = JSON.readTree(in);
            String organisation = body == null ? "" : body.path("organisation").asText("");
            int status = answers.getOrDefault(id, organisationAnswers.getOrDefault(organisation, 200));
            if (status < 300 && "PUT".equals(exchange.getRequestMethod())) {
                synchronized (this) {
                    deliveries.add(new Delivery(id, body.path("version").asLong(), body));
                }
            }
            byte[] reply = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }
}
