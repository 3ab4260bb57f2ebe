package dev.attacktagger.search.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.kb.AttackEntity;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.ProcedureExample;
import dev.attacktagger.kb.Technique;
import dev.attacktagger.testing.OpenSearchNode;

/**
 * The search-service benchmark that {@code scripts/bench-search} runs: starts its own OpenSearch node and the service
 * jar on loopback ports, loads generated reports through the bulk endpoint, runs five representative queries many times
 * and prints bulk reports/s, p50/p95/p99 per query and the service's heap.
 *
 * <p>Reports are generated, seeded, from the ATT&amp;CK knowledge base: each takes a handful of techniques, drawn with
 * the popularity that the number of procedure examples gives them, and its text is made of those techniques' procedure
 * sentences, so that full-text and technique conditions select realistic subsets.
 */
public final class SearchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] SOURCES = {
        "vendor blog", "CERT advisory", "ISAC bulletin", "incident report", "malware analysis", "threat brief",
        "news article", "conference talk", "government alert", "research paper", "sandbox report", "analyst note"
    };
    private static final String[] QUERIES = {
        "attackTag = \"T1105\"",
        "attackTag = \"T1059\"",
        "tactic = \"credential-access\" AND confidence > 0.8",
        "text = \"powershell\" AND attackTag = \"T1059.001\"",
        "published >= \"2019\" AND (tactic = \"command-and-control\" OR tactic = \"exfiltration\""
                + " OR source = \"vendor blog\")"
    };
    private static final String[] QUERY_NAMES = {
        "technique", "parent with rollup", "tactic AND confidence", "full text AND technique", "facet-heavy"
    };

    private SearchBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int reports = Integer.parseInt(options.getOrDefault("reports", "100000"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "1000"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "2"));
        int iterations = Integer.parseInt(options.getOrDefault("iterations", "200"));
        Path bundle = Path.of(options.getOrDefault("bundle", "../shared/data/attack/enterprise-attack-18.1.json.gz"));
        Path jar = Path.of(options.getOrDefault("jar", "search-service/target/quarkus-app/quarkus-run.jar"));
        String heap = options.getOrDefault("heap", "512m");

        AttackKnowledgeBase kb = AttackKnowledgeBase.load(bundle);
        System.out.print("load average at start: " + Files.readString(Path.of("/proc/loadavg")));
        System.out.printf(
                "ATT&CK %s: %d techniques, %d procedure examples%n",
                kb.version(),
                kb.activeTechniques().size(),
                kb.procedureExamples().size());
        long generateStart = System.nanoTime();
        List<byte[]> bodies = generate(kb, reports, batch, new Random(42));
        System.out.printf(
                "generated %d reports in %d batches in %.1f s%n",
                reports, bodies.size(), (System.nanoTime() - generateStart) / 1e9);

        try (OpenSearchNode node = OpenSearchNode.start()) {
            Process service = startService(jar, heap, node.url(), bundle);
            try {
                String base = "http://127.0.0.1:" + servicePort;
                awaitReady(base, service);
                HeapSampler sampler = new HeapSampler(base);
                sampler.start();

                long start = System.nanoTime();
                AtomicLong indexed = new AtomicLong();
                AtomicLong serviceMillis = new AtomicLong();
                AtomicLong writeMillis = new AtomicLong();
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<?>> futures = new ArrayList<>();
                for (byte[] body : bodies) {
                    futures.add(pool.submit(() -> {
                        JsonNode result = post(base + "/api/v1/index/reports:bulk", body);
                        indexed.addAndGet(result.path("indexed").asLong());
                        serviceMillis.addAndGet(result.path("millis").asLong());
                        writeMillis.addAndGet(result.path("writeMillis").asLong());
                        if (result.path("failed").size() > 0) {
                            throw new IllegalStateException("bulk failures: " + result.path("failed"));
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                pool.shutdown();
                double seconds = (System.nanoTime() - start) / 1e9;
                node.request("POST", "/bench-reports/_refresh", null);
                System.out.printf(
                        "bulk: %d reports indexed in %.1f s = %.0f reports/s (batches of %d, %d clients)%n",
                        indexed.get(), seconds, indexed.get() / seconds, batch, clients);
                System.out.printf(
                        "bulk requests: %.0f%% of their time waiting for OpenSearch's bulk write%n",
                        100.0 * writeMillis.get() / Math.max(1, serviceMillis.get()));

                for (int q = 0; q < QUERIES.length; q++) {
                    byte[] body = JSON.writeValueAsBytes(Map.of("query", QUERIES[q], "size", 20));
                    long total =
                            post(base + "/api/v1/search", body).path("total").asLong();
                    for (int i = 0; i < 50; i++) {
                        post(base + "/api/v1/search", body);
                    }
                    long[] nanos = new long[iterations];
                    long[] took = new long[iterations];
                    for (int i = 0; i < iterations; i++) {
                        long t0 = System.nanoTime();
                        JsonNode result = post(base + "/api/v1/search", body);
                        nanos[i] = System.nanoTime() - t0;
                        took[i] = result.path("took").asLong() * 1_000_000;
                    }
                    Arrays.sort(nanos);
                    Arrays.sort(took);
                    System.out.printf(
                            "query %-24s %7d hits  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms"
                                    + "  (OpenSearch took: p50 %4.0f ms, p99 %4.0f ms)   %s%n",
                            QUERY_NAMES[q],
                            total,
                            percentile(nanos, 50),
                            percentile(nanos, 95),
                            percentile(nanos, 99),
                            percentile(took, 50),
                            percentile(took, 99),
                            QUERIES[q]);
                }
                sampler.stop();
                System.out.print("load average at end: " + Files.readString(Path.of("/proc/loadavg")));
                System.out.printf(
                        "service heap (-Xmx%s): peak used %.0f MB, used at end %.0f MB, committed at end %.0f MB%n",
                        heap, sampler.peak / 1048576.0, heapUsed(base) / 1048576.0, heapCommitted(base) / 1048576.0);
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    private static int servicePort;

    private static Process startService(Path jar, String heap, String openSearch, Path bundle) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "no service jar at " + jar + "; build it with ./mvnw -pl search-service package");
        }
        servicePort = freePort();
        Path log = Files.createTempFile("bench-search-service-", ".log");
        System.out.println("service log: " + log);
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + heap,
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.http.port=" + servicePort,
                        "-Dattacktagger.opensearch.url=" + openSearch,
                        "-Dattacktagger.attack.bundle=" + bundle.toAbsolutePath(),
                        "-Dattacktagger.search.index-prefix=bench",
                        "-jar",
                        jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitReady(String base, Process service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue());
            }
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service was not ready within 120 s");
    }

    private static JsonNode post(String url, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    /** Report batches as bulk request bodies. */
    static List<byte[]> generate(AttackKnowledgeBase kb, int count, int batch, Random random) throws IOException {
        List<Technique> techniques = new ArrayList<>();
        List<Double> cumulative = new ArrayList<>();
        double sum = 0;
        for (Technique technique : kb.activeTechniques()) {
            int examples = kb.procedureExamples(technique.id()).size();
            if (examples == 0) {
                continue;
            }
            techniques.add(technique);
            sum += examples;
            cumulative.add(sum);
        }
        List<AttackEntity> entities = kb.entities();
        LocalDate first = LocalDate.of(2019, 1, 1);
        List<byte[]> bodies = new ArrayList<>();
        List<Map<String, Object>> current = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int tagCount = 2 + random.nextInt(9);
            Set<Technique> chosen = new LinkedHashSet<>();
            while (chosen.size() < tagCount) {
                double pick = random.nextDouble() * sum;
                int at = Collections.binarySearch(cumulative, pick);
                chosen.add(techniques.get(Math.min(techniques.size() - 1, at < 0 ? -at - 1 : at)));
            }
            StringBuilder text = new StringBuilder();
            List<Map<String, Object>> tags = new ArrayList<>();
            for (Technique technique : chosen) {
                List<ProcedureExample> examples = kb.procedureExamples(technique.id());
                for (int s = 0; s < 2; s++) {
                    text.append(examples.get(random.nextInt(examples.size())).text())
                            .append(' ');
                }
                Map<String, Object> tag = new LinkedHashMap<>();
                tag.put("techniqueId", technique.id());
                tag.put("confidence", Math.round((0.3 + random.nextDouble() * 0.69) * 100) / 100.0);
                tag.put("origin", random.nextInt(10) == 0 ? "USER" : "SYSTEM");
                int state = random.nextInt(20);
                tag.put("state", state == 0 ? "REJECTED" : state < 6 ? "CONFIRMED" : "PROPOSED");
                tags.add(tag);
            }
            AttackEntity actor = entities.get(random.nextInt(entities.size()));
            Technique lead = chosen.iterator().next();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
            report.put("version", 1);
            report.put("organisation", "default");
            report.put("title", actor.name() + " uses " + lead.name());
            report.put("source", SOURCES[random.nextInt(SOURCES.length)]);
            report.put("publishedAt", first.plusDays(random.nextInt(8 * 365)).toString());
            report.put("createdAt", "2026-12-04T16:00:00Z");
            report.put("updatedAt", "2026-12-04T16:00:00Z");
            report.put("language", "en");
            report.put("text", text.toString().strip());
            report.put(
                    "indicators",
                    List.of(Map.of(
                            "type", "ipv4", "value", "198.51." + random.nextInt(256) + "." + random.nextInt(256))));
            report.put(
                    "entities",
                    List.of(Map.of(
                            "attackId", actor.attackId() == null ? "" : actor.attackId(),
                            "name", actor.name(),
                            "kind", actor.kind().name())));
            report.put("tags", tags);
            current.add(report);
            if (current.size() == batch) {
                bodies.add(JSON.writeValueAsBytes(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            bodies.add(JSON.writeValueAsBytes(current));
        }
        return bodies;
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static final Pattern HEAP_USED =
            Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);
    private static final Pattern HEAP_COMMITTED =
            Pattern.compile("^jvm_memory_committed_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);

    static double heapUsed(String base) throws IOException, InterruptedException {
        return sum(base, HEAP_USED);
    }

    static double heapCommitted(String base) throws IOException, InterruptedException {
        return sum(base, HEAP_COMMITTED);
    }

    private static double sum(String base, Pattern pattern) throws IOException, InterruptedException {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher matcher = pattern.matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    /** Reads the service's used heap every half second and keeps the highest. */
    private static final class HeapSampler {
        private final String base;
        private volatile boolean running = true;
        private volatile double peak;
        private Thread thread;

        HeapSampler(String base) {
            this.base = base;
        }

        void start() {
            thread = new Thread(
                    () -> {
                        while (running) {
                            try {
                                peak = Math.max(peak, heapUsed(base));
                                Thread.sleep(500);
                            } catch (InterruptedException e) {
                                return;
                            } catch (IOException e) {
                                // A missed sample.
                            }
                        }
                    },
                    "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, found " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
