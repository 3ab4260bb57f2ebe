package dev.attacktagger.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stand-ins for classify-service and tag-service on 127.0.0.1, implementing the documented contracts: the classifier
 * proposes T1566.001 for text that mentions spearphishing and T1059.001 for PowerShell; tag-service keeps reports,
 * answers 409 with {@code existingId} for the same content hash in the same organisation, and takes tags. Each can be
 * made to answer 503 or to refuse connections, to test how ingest waits for them.
 */
public final class FakePeers implements AutoCloseable {

    public static final String MODEL_ID = "fake-model-1";
    /** Text containing this is refused by tag-service with a 422, as a document it cannot accept. */
    public static final String REJECTED_MARKER = "UNSTORABLE-DOCUMENT";
    /** A technique id tag-service does not know: a tag of it is refused with a 422. */
    public static final String UNKNOWN_TECHNIQUE = "T9999";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int classifyPort;
    private final int tagPort;
    private HttpServer classify;
    private HttpServer tag;
    private volatile int classifyFailureStatus;
    private volatile int tagFailureStatus;

    private final Map<String, ObjectNode> reports = new ConcurrentHashMap<>();
    private final Map<String, String> reportByHash = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> systemTags = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> userTags = new ConcurrentHashMap<>();
    private final List<String> classifyCalls = new CopyOnWriteArrayList<>();

    public FakePeers() {
        try {
            this.classify = server(0, this::classify);
            this.tag = server(0, this::tag);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake peers", e);
        }
        this.classifyPort = classify.getAddress().getPort();
        this.tagPort = tag.getAddress().getPort();
    }

    public String classifyUrl() {
        return "http://127.0.0.1:" + classifyPort;
    }

    public String tagUrl() {
        return "http://127.0.0.1:" + tagPort;
    }

    /** Makes classify-service answer {@code status} to everything; 0 for normal answers. */
    public void classifyAnswers(int status) {
        classifyFailureStatus = status;
    }

    /** Makes tag-service answer {@code status} to everything; 0 for normal answers. */
    public void tagAnswers(int status) {
        tagFailureStatus = status;
    }

    /** Stops classify-service: connections are refused until {@link #startClassify}. */
    public synchronized void stopClassify() {
        classify.stop(0);
    }

    /** Starts classify-service again on its port. */
    public synchronized void startClassify() {
        try {
            classify = server(classifyPort, this::classify);
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart the fake classify-service", e);
        }
    }

    public ObjectNode report(String id) {
        return reports.get(id);
    }

    public int reportCount() {
        return reports.size();
    }

    /** How many stored reports have exactly this text. */
    public long reportsWithText(String text) {
        return reports.values().stream()
                .filter(report -> report.path("text").asText().equals(text))
                .count();
    }

    public JsonNode systemTags(String id) {
        return systemTags.get(id);
    }

    public List<JsonNode> userTags(String id) {
        return userTags.getOrDefault(id, List.of());
    }

    public List<String> classifyCalls() {
        return classifyCalls;
    }

    @Override
    public synchronized void close() {
        classify.stop(0);
        tag.stop(0);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static HttpServer server(int port, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, problem(500, "fake peer broke: " + e));
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-peer");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return server;
    }

    private void classify(HttpExchange exchange) throws IOException {
        if (classifyFailureStatus != 0) {
            send(exchange, classifyFailureStatus, problem(classifyFailureStatus, "classifier is busy"));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")
                || !exchange.getRequestURI().getPath().equals("/api/v1/classify")) {
            send(exchange, 404, problem(404, "no such endpoint"));
            return;
        }
        JsonNode request = JSON.readTree(read(exchange.getRequestBody()));
        String text = request.path("text").asText();
        classifyCalls.add(text);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode techniques = answer.putArray("techniques");
        technique(techniques, text, "spearphishing", "T1566.001", "Spearphishing Attachment", "initial-access", 0.91);
        technique(techniques, text, "PowerShell", "T1059.001", "PowerShell", "execution", 0.84);
        answer.putObject("model").put("id", MODEL_ID).put("attackVersion", "18.1");
        answer.put("sentences", 1).put("millis", 1);
        send(exchange, 200, JSON.writeValueAsString(answer));
    }

    private static void technique(
            ArrayNode techniques, String text, String cue, String id, String name, String tactic, double confidence) {
        int at = text.toLowerCase(Locale.ROOT).indexOf(cue.toLowerCase(Locale.ROOT));
        if (at < 0) {
            return;
        }
        ObjectNode technique = techniques.addObject();
        technique.put("id", id).put("name", name).put("confidence", confidence);
        technique.putArray("tactics").add(tactic);
        technique
                .putArray("evidence")
                .addObject()
                .put("start", at)
                .put("end", at + cue.length())
                .put("text", text.substring(at, at + cue.length()))
                .put("score", confidence);
    }

    private void tag(HttpExchange exchange) throws IOException {
        if (tagFailureStatus != 0) {
            send(exchange, tagFailureStatus, problem(tagFailureStatus, "tag-service is unavailable"));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String organisation = exchange.getRequestHeaders().getFirst("X-Organisation");
        if (method.equals("POST") && path.equals("/api/v1/reports")) {
            ObjectNode report = (ObjectNode) JSON.readTree(read(exchange.getRequestBody()));
            String text = report.path("text").asText();
            if (text.contains(REJECTED_MARKER)) {
                send(exchange, 422, problem(422, "the report text contains a marker tag-service refuses"));
                return;
            }
            if (!isDateOrNull(report.path("publishedAt"))) {
                send(exchange, 400, problem(400, "publishedAt is not a date: " + report.path("publishedAt")));
                return;
            }
            String key = organisation + "/" + contentHash(text);
            String id = UUID.randomUUID().toString();
            String existing = reportByHash.putIfAbsent(key, id);
            if (existing != null) {
                ObjectNode problem = (ObjectNode) JSON.readTree(problem(409, "a report with this content exists"));
                problem.put("existingId", existing);
                send(exchange, 409, JSON.writeValueAsString(problem));
                return;
            }
            JsonNode proposals = report.remove("systemTags");
            if (proposals != null && !proposals.isNull()) {
                systemTags.put(id, proposals);
            }
            report.put("id", id);
            report.put("organisation", organisation);
            reports.put(id, report);
            exchange.getResponseHeaders().add("Location", "/api/v1/reports/" + id);
            send(exchange, 201, JSON.writeValueAsString(report));
            return;
        }
        String[] parts = path.split("/");
        // /api/v1/reports/{id}
        if (method.equals("GET") && parts.length == 5 && parts[3].equals("reports") && reports.containsKey(parts[4])) {
            send(exchange, 200, JSON.writeValueAsString(reports.get(parts[4])));
            return;
        }
        // /api/v1/reports/{id}/tags (ingest-service sends the system tags inline with the report)
        if (parts.length == 6 && parts[3].equals("reports") && reports.containsKey(parts[4])) {
            JsonNode body = JSON.readTree(read(exchange.getRequestBody()));
            if (method.equals("POST")
                    && parts[5].equals("tags")
                    && body.path("techniqueId").asText().equals(UNKNOWN_TECHNIQUE)) {
                send(exchange, 422, problem(422, "unknown technique " + UNKNOWN_TECHNIQUE));
                return;
            }
            if (method.equals("POST") && parts[5].equals("tags")) {
                userTags.computeIfAbsent(parts[4], k -> new CopyOnWriteArrayList<>())
                        .add(body);
                send(exchange, 201, JSON.writeValueAsString(body));
                return;
            }
        }
        send(exchange, 404, problem(404, "no such report or endpoint: " + method + " " + path));
    }

    /** tag-service reads {@code publishedAt} as a {@code LocalDate} and refuses anything else with a 400. */
    private static boolean isDateOrNull(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return true;
        }
        try {
            LocalDate.parse(value.asText());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The content hash of the contract: SHA-256 of NFKC, lower-cased, whitespace-collapsed, trimmed text. */
    public static String contentHash(String text) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .trim();
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String problem(int status, String detail) {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "about:blank")
                .put("title", "fake")
                .put("status", status)
                .put("detail", detail);
        return problem.toString();
    }

    private static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
