package dev.attacktagger.ingest.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code scripts/bench-ingest}: generates mixed documents (PDF, DOCX, HTML, text) from a seeded generator, sends them
 * through a running stack and prints documents per minute end to end and where the time went: extraction,
 * classification and storage from the times each job records, indexing from when each report becomes visible in
 * search-service (when its URL is given).
 *
 * <p>Options: {@code --ingest URL} (default {@code INGEST_URL} or {@code http://127.0.0.1:8081}), {@code --search URL}
 * (search-service, to measure indexing; optional), {@code --count N} (200), {@code --seed N} (42),
 * {@code --timeout-minutes N} (30), {@code --senders N} (4 parallel uploads).
 */
public final class BenchIngest {

    private static final String[] ACTORS = {
        "the operators", "the intrusion set", "the crew", "the affiliate", "the actor", "the group's developers"
    };
    private static final String[] SENTENCES = {
        "%s sent spearphishing emails with a malicious Word attachment to the finance team.",
        "%s used PowerShell to download a second stage from %s.",
        "A scheduled task named UpdateCheck was created by %s to keep the implant running after reboot.",
        "%s dumped credentials from LSASS memory with a renamed copy of Mimikatz.",
        "Lateral movement relied on remote services: %s used PsExec against file servers.",
        "%s encrypted files on network shares and left a ransom note in every folder.",
        "The implant of %s beaconed over HTTPS to %s every ten minutes with jitter.",
        "%s deleted volume shadow copies with vssadmin before the encryption began.",
        "Data was compressed into password protected archives and exfiltrated by %s over the C2 channel.",
        "%s registered a Run key in the user's registry hive for persistence.",
        "The loader injected its payload into a suspended svchost process created by %s.",
        "%s enumerated domain trusts and administrator accounts with built-in commands.",
        "Logs were cleared on the compromised hosts, and %s disabled the endpoint agent.",
        "%s exploited a public-facing VPN appliance to gain the first foothold.",
        "Browser credentials were collected by a stealer module that %s deployed.",
        "The dropper was signed with a stolen certificate to evade checks, and %s renamed it to look like a driver.",
    };

    private BenchIngest() {}

    /** A generated document. */
    record Generated(String fileName, byte[] bytes) {}

    private record Outcome(
            String fileName,
            String state,
            String reason,
            String reportId,
            Instant created,
            Instant finished,
            long extractMillis,
            long classifyMillis,
            long storeMillis,
            long indexMillis) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String ingest =
                options.getOrDefault("ingest", System.getenv().getOrDefault("INGEST_URL", "http://127.0.0.1:8081"));
        String search = options.get("search");
        int count = Integer.parseInt(options.getOrDefault("count", "200"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        int senders = Integer.parseInt(options.getOrDefault("senders", "4"));
        Duration timeout = Duration.ofMinutes(Long.parseLong(options.getOrDefault("timeout-minutes", "30")));
        IngestHttp http = new IngestHttp(ingest);
        if (http.status(URI.create(ingest + "/q/health/ready")) != 200) {
            System.err.println("ingest-service is not ready at " + ingest + " (GET /q/health/ready): start the stack");
            System.exit(2);
        }

        List<Generated> documents = generate(count, new Random(seed));
        System.err.printf(Locale.ROOT, "generated %d documents (seed %d), sending to %s%n", count, seed, ingest);
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        ProgressBar bar = new ProgressBar(System.err, count);
        List<String> locations = send(http, documents, senders, bar);
        Map<String, Instant> visible = new HashMap<>();
        List<Outcome> outcomes = await(http, documents, locations, search, visible, timeout, bar);
        double minutes = (System.nanoTime() - start) / 60e9;

        long done = outcomes.stream().filter(o -> o.state().equals("done")).count();
        long extract = outcomes.stream().mapToLong(Outcome::extractMillis).sum();
        long classify = outcomes.stream().mapToLong(Outcome::classifyMillis).sum();
        long store = outcomes.stream().mapToLong(Outcome::storeMillis).sum();
        long index = outcomes.stream().mapToLong(Outcome::indexMillis).sum();
        long total = extract + classify + store + index;
        System.out.printf(
                Locale.ROOT, "documents: %d sent, %d done, %d failed or unfinished%n", count, done, count - done);
        System.out.printf(
                Locale.ROOT,
                "wall time: %.1f s from the first upload to the last %s%n",
                minutes * 60,
                search == null ? "job's end" : "report visible in search");
        System.out.printf(Locale.ROOT, "throughput: %.1f documents/min end to end%n", done / minutes);
        System.out.printf(
                Locale.ROOT,
                "time per document (mean): extraction %.0f ms, classification %.0f ms,"
                        + " storage %.0f ms, indexing %s%n",
                mean(extract, done),
                mean(classify, done),
                mean(store, done),
                search == null
                        ? "not measured (no --search)"
                        : String.format(Locale.ROOT, "%.0f ms", mean(index, done)));
        System.out.printf(
                Locale.ROOT,
                "share of working time: extraction %.1f%%, classification %.1f%%, storage %.1f%%," + " indexing %s%n",
                share(extract, total),
                share(classify, total),
                share(store, total),
                search == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share(index, total)));
        outcomes.stream()
                .filter(o -> !o.state().equals("done"))
                .limit(5)
                .forEach(o -> System.out.println("not done: " + o.fileName() + " " + o.state() + " " + o.reason()));
        System.err.printf(Locale.ROOT, "started %s%n", startedAt);
        System.exit(done == count ? 0 : 1);
    }

    private static List<String> send(IngestHttp http, List<Generated> documents, int senders, ProgressBar bar)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<String>> futures = new ArrayList<>();
            int[] sent = {0};
            for (Generated document : documents) {
                futures.add(pool.submit(() -> {
                    String location = http.upload(document.fileName(), document.bytes(), "bench-ingest");
                    synchronized (sent) {
                        bar.show("sending", ++sent[0], 0);
                    }
                    return location;
                }));
            }
            List<String> locations = new ArrayList<>();
            for (Future<String> future : futures) {
                try {
                    locations.add(future.get());
                } catch (ExecutionException e) {
                    locations.add(null);
                    System.err.println("\nupload failed: " + e.getCause().getMessage());
                }
            }
            bar.finish();
            return locations;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Outcome> await(
            IngestHttp http,
            List<Generated> documents,
            List<String> locations,
            String search,
            Map<String, Instant> visible,
            Duration timeout,
            ProgressBar bar)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Outcome[] outcomes = new Outcome[documents.size()];
        int finished = 0;
        while (finished < documents.size() && System.nanoTime() < deadline) {
            finished = 0;
            int failed = 0;
            for (int i = 0; i < documents.size(); i++) {
                if (outcomes[i] != null
                        && (search == null || !outcomes[i].state().equals("done") || outcomes[i].indexMillis() >= 0)) {
                    finished++;
                    failed += outcomes[i].state().equals("done") ? 0 : 1;
                    continue;
                }
                if (locations.get(i) == null) {
                    outcomes[i] =
                            new Outcome(documents.get(i).fileName(), "not sent", null, null, null, null, 0, 0, 0, 0);
                    continue;
                }
                outcomes[i] = poll(http, documents.get(i), locations.get(i), search, visible);
            }
            bar.show("waiting", finished, failed);
            if (finished < documents.size()) {
                Thread.sleep(250);
            }
        }
        bar.finish();
        List<Outcome> result = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            result.add(
                    outcomes[i] == null
                            ? new Outcome(documents.get(i).fileName(), "unfinished", null, null, null, null, 0, 0, 0, 0)
                            : outcomes[i]);
        }
        return result;
    }

    private static Outcome poll(
            IngestHttp http, Generated document, String location, String search, Map<String, Instant> visible) {
        JsonNode job;
        try {
            job = http.job(location);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        String state = job.path("state").asText();
        if (!IngestCommand.ENDED.contains(state)) {
            return null;
        }
        JsonNode timeline = job.path("timeline");
        Instant finished = Instant.parse(timeline.path("finishedAt").asText());
        String reportId = job.path("reportId").asText(null);
        long indexMillis = 0;
        if (search != null && state.equals("done") && reportId != null) {
            Instant seen = visible.get(reportId);
            if (seen == null
                    && http.status(URI.create(search + "/api/v1/reports/" + reportId + "/related?size=1")) == 200) {
                seen = Instant.now();
                visible.put(reportId, seen);
            }
            indexMillis = seen == null
                    ? -1
                    : Math.max(0, Duration.between(finished, seen).toMillis());
        }
        return new Outcome(
                document.fileName(),
                state,
                job.path("reason").asText(null),
                reportId,
                Instant.parse(timeline.path("queuedAt").asText()),
                finished,
                timeline.path("extractMillis").asLong(),
                timeline.path("classifyMillis").asLong(),
                timeline.path("storeMillis").asLong(),
                indexMillis);
    }

    /** {@code count} documents, a quarter of each format, each with its own text. */
    static List<Generated> generate(int count, Random random) throws IOException {
        List<Generated> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> sentences = new ArrayList<>();
            sentences.add("Bench report " + i + " (" + Long.toHexString(random.nextLong()) + ").");
            int length = 15 + random.nextInt(16);
            for (int s = 0; s < length; s++) {
                String template = SENTENCES[random.nextInt(SENTENCES.length)];
                String actor = ACTORS[random.nextInt(ACTORS.length)];
                String host = "cdn" + random.nextInt(1000) + ".update-service" + random.nextInt(50) + ".net";
                String sentence = template.contains("%s") && template.indexOf("%s") != template.lastIndexOf("%s")
                        ? String.format(Locale.ROOT, template, actor, host)
                        : String.format(Locale.ROOT, template, actor);
                sentences.add(Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1));
            }
            String title = "Bench report " + i;
            documents.add(
                    switch (i % 4) {
                        case 0 -> new Generated("bench-" + i + ".pdf", pdf(sentences));
                        case 1 -> new Generated("bench-" + i + ".docx", docx(sentences));
                        case 2 -> new Generated("bench-" + i + ".html", html(title, sentences));
                        default ->
                            new Generated(
                                    "bench-" + i + ".txt",
                                    String.join(" ", sentences).getBytes(StandardCharsets.UTF_8));
                    });
        }
        return documents;
    }

    private static byte[] pdf(List<String> sentences) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 9);
                content.setLeading(11);
                content.newLineAtOffset(40, 750);
                for (String sentence : sentences) {
                    content.showText(sentence);
                    content.newLine();
                }
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] docx(List<String> sentences) throws IOException {
        try (XWPFDocument document = new XWPFDocument()) {
            for (String sentence : sentences) {
                document.createParagraph().createRun().setText(sentence);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] html(String title, List<String> sentences) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><title>")
                .append(title)
                .append("</title></head><body><article><h1>")
                .append(title)
                .append("</h1>");
        for (String sentence : sentences) {
            html.append("<p>").append(sentence).append("</p>");
        }
        return html.append("</article></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: scripts/bench-ingest [--ingest URL] [--search URL] [--count N] [--seed N]"
                        + " [--senders N] [--timeout-minutes N]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static double mean(long millis, long count) {
        return count == 0 ? 0 : (double) millis / count;
    }

    private static double share(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }
}
