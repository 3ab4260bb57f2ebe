package dev.attacktagger.ingest.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code scripts/ingest PATH...}: sends files, and the readable files in folders, to a running ingest-service
 * ({@code INGEST_URL}, default {@code http://127.0.0.1:8081}), waits for each job and prints one JSON line per file
 * with its report id and tags, or the reason it failed. A progress bar goes to stderr. The exit code is 1 when any file
 * failed or was stored only in part, 2 on a usage error.
 */
public final class IngestCommand {

    /** The states a job ends in; {@code partial}: a bundle whose reports were stored only in part. */
    static final Set<String> ENDED = Set.of("done", "partial", "failed");

    private IngestCommand() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: scripts/ingest PATH...   (INGEST_URL, default http://127.0.0.1:8081)");
            System.exit(args.length == 0 ? 2 : 0);
        }
        String url = System.getenv().getOrDefault("INGEST_URL", "http://127.0.0.1:8081");
        System.exit(run(List.of(args), new IngestHttp(url), System.out, System.err));
    }

    static int run(List<String> paths, IngestHttp http, PrintStream out, PrintStream err) throws InterruptedException {
        List<Path> files = new ArrayList<>();
        for (String written : paths) {
            Path path = Path.of(written);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(file ->
                                    IngestHttp.readable(file.getFileName().toString()))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    err.println(written + ": cannot list the folder: " + e.getMessage());
                    return 2;
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                err.println(written + ": no such file or folder");
                return 2;
            }
        }
        ProgressBar bar = new ProgressBar(err, files.size());
        Map<Path, String> jobs = new LinkedHashMap<>();
        Map<Path, ObjectNode> results = new LinkedHashMap<>();
        int failed = 0;
        for (Path file : files) {
            try {
                jobs.put(file, http.upload(file.getFileName().toString(), Files.readAllBytes(file), "scripts/ingest"));
            } catch (IOException e) {
                results.put(file, error(http, file, e.getMessage()));
                failed++;
            }
            bar.show("sending", jobs.size() + results.size(), failed);
        }
        bar.finish();
        while (results.size() < files.size()) {
            for (Map.Entry<Path, String> entry : jobs.entrySet()) {
                if (results.containsKey(entry.getKey())) {
                    continue;
                }
                try {
                    JsonNode job = http.job(entry.getValue());
                    String state = job.path("state").asText();
                    if (ENDED.contains(state)) {
                        results.put(entry.getKey(), result(http, entry.getKey(), job));
                        // A partly stored bundle counts as failed: some of it did not get in.
                        if (!state.equals("done")) {
                            failed++;
                        }
                    }
                } catch (IOException e) {
                    results.put(entry.getKey(), error(http, entry.getKey(), e.getMessage()));
                    failed++;
                }
            }
            bar.show("waiting", results.size(), failed);
            if (results.size() < files.size()) {
                Thread.sleep(500);
            }
        }
        bar.finish();
        for (Path file : files) {
            out.println(results.get(file).toString());
        }
        out.flush();
        return failed > 0 ? 1 : 0;
    }

    private static ObjectNode result(IngestHttp http, Path file, JsonNode job) {
        ObjectNode line = http.json().createObjectNode();
        line.put("file", file.toString());
        line.put("job", job.path("id").asText());
        line.put("state", job.path("state").asText());
        if (job.path("state").asText().equals("failed")) {
            line.put("error", job.path("reason").asText());
            return line;
        }
        for (JsonNode report : job.path("reports")) {
            ObjectNode entry = line.withArray("reports").addObject();
            entry.put("reportId", report.path("reportId").asText(null));
            entry.put("title", report.path("title").asText(null));
            entry.put("duplicate", report.path("duplicate").asBoolean());
            if (report.hasNonNull("reason")) {
                entry.put("error", report.path("reason").asText());
            }
            for (JsonNode tag : report.path("tags")) {
                entry.withArray("tags").add(tag.path("techniqueId").asText());
            }
        }
        if (job.path("warnings").size() > 0) {
            line.set("warnings", job.path("warnings"));
        }
        return line;
    }

    private static ObjectNode error(IngestHttp http, Path file, String message) {
        ObjectNode line = http.json().createObjectNode();
        line.put("file", file.toString());
        line.put("error", message);
        return line;
    }
}
