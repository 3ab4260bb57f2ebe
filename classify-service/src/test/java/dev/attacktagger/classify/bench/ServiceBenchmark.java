package dev.attacktagger.classify.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.ProcedureExample;

/**
 * Drives a running classify-service with 20,000-character reports assembled from ATT&amp;CK procedure examples and
 * prints throughput and latency percentiles for each number of concurrent clients.
 *
 * <p>Run by {@code scripts/bench-service}, which starts the service itself. Arguments: base URL, a label for the
 * printed lines, the ATT&amp;CK bundle, the client counts (comma-separated) and the seconds to measure each count.
 * Clients run closed loops: each sends its next report as soon as its last one is answered.
 */
public final class ServiceBenchmark {

    private static final int REPORT_CHARS = 20_000;
    private static final int REPORTS = 64;

    private ServiceBenchmark() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String label = args[1];
        Path bundle = Path.of(args[2]);
        List<Integer> clientCounts = new ArrayList<>();
        for (String count : args[3].split(",")) {
            clientCounts.add(Integer.parseInt(count.strip()));
        }
        int seconds = Integer.parseInt(args[4]);

        List<String> reports = reports(bundle);
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int clients : clientCounts) {
            // A short unmeasured round so every level starts with warm connections and a warm JIT.
            run(http, json, base, reports, clients, 0, Math.max(2, clients));
            Result result = run(http, json, base, reports, clients, seconds, 0);
            System.out.println(result.line(label, clients));
        }
    }

    /** Reports of exactly {@value #REPORT_CHARS} characters, each from procedure examples in a seeded random order. */
    static List<String> reports(Path bundle) {
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(bundle);
        List<String> sentences = new ArrayList<>();
        for (ProcedureExample example : kb.procedureExamples()) {
            String text = example.text().strip();
            if (!text.isEmpty()) {
                sentences.add(text.endsWith(".") ? text : text + ".");
            }
        }
        Random random = new Random(20_000L);
        List<String> reports = new ArrayList<>();
        for (int r = 0; r < REPORTS; r++) {
            Collections.shuffle(sentences, random);
            StringBuilder report = new StringBuilder(REPORT_CHARS + 1_000);
            for (int i = 0; report.length() < REPORT_CHARS; i++) {
                report.append(sentences.get(i)).append(i % 6 == 5 ? "\n\n" : " ");
            }
            reports.add(report.substring(0, REPORT_CHARS));
        }
        return reports;
    }

    /** Runs for {@code seconds}, or for {@code requests} requests in all when seconds is 0. */
    private static Result run(
            HttpClient http,
            ObjectMapper json,
            String base,
            List<String> reports,
            int clients,
            int seconds,
            int requests)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger issued = new AtomicInteger();
        AtomicLong sentences = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (true) {
                    int n = issued.getAndIncrement();
                    if (seconds > 0 ? System.nanoTime() >= deadline : n >= requests) {
                        return null;
                    }
                    String body = json.writeValueAsString(
                            java.util.Map.of("text", reports.get(n % reports.size()), "title", "report " + n));
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/classify"))
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(5))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = send(http, request);
                    long took = System.nanoTime() - t0;
                    if (response != null && response.statusCode() == 200) {
                        JsonNode answer = json.readTree(response.body());
                        sentences.addAndGet(answer.path("sentences").asLong());
                        latencies.add(took);
                    } else {
                        failures.incrementAndGet();
                        if (response != null && failures.get() <= 3) {
                            System.err.println("status " + response.statusCode() + ": " + response.body());
                        }
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted, sentences.get(), failures.get(), elapsed);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("request failed: " + e);
            return null;
        }
    }

    private record Result(List<Long> latencies, long sentences, int failures, double seconds) {

        String line(String label, int clients) {
            int documents = latencies.size();
            return String.format(
                    Locale.ROOT,
                    "%s clients=%d documents=%d failed=%d seconds=%.1f docs_per_s=%.2f sentences_per_s=%.1f"
                            + " p50_ms=%d p95_ms=%d p99_ms=%d max_ms=%d",
                    label,
                    clients,
                    documents,
                    failures,
                    seconds,
                    documents / seconds,
                    sentences / seconds,
                    percentile(0.50),
                    percentile(0.95),
                    percentile(0.99),
                    documents == 0 ? 0 : latencies.get(documents - 1) / 1_000_000);
        }

        /** Nearest-rank percentile in milliseconds. */
        private long percentile(double p) {
            if (latencies.isEmpty()) {
                return 0;
            }
            int rank = (int) Math.ceil(p * latencies.size());
            return latencies.get(Math.max(0, rank - 1)) / 1_000_000;
        }
    }
}
