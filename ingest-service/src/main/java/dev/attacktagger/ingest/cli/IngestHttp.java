package dev.attacktagger.ingest.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small client of ingest-service's API for the command-line tools: upload a file, read a job. */
final class IngestHttp {

    private static final Map<String, String> TYPES = Map.of(
            "pdf", "application/pdf",
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "doc", "application/msword",
            "rtf", "application/rtf",
            "html", "text/html",
            "htm", "text/html",
            "txt", "text/plain",
            "md", "text/markdown",
            "json", "application/json");

    private final URI base;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    IngestHttp(String base) {
        this.base = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Whether the file name has an extension the service reads. */
    static boolean readable(String fileName) {
        return TYPES.containsKey(extension(fileName));
    }

    /** Uploads a file; returns the job's location, or throws with the service's problem detail. */
    String upload(String fileName, byte[] bytes, String source) throws IOException, InterruptedException {
        String boundary = "----ingest" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String type = TYPES.getOrDefault(extension(fileName), "application/octet-stream");
        String safeName = fileName.replace("\"", "'");
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + safeName
                        + "\"\r\nContent-Type: " + type + "\r\n\r\n");
        body.write(bytes);
        write(body, "\r\n");
        if (source != null) {
            write(
                    body,
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\n" + source + "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/documents"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException(response.statusCode() + " " + detail(response.body()));
        }
        return response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IOException("the service accepted the file but named no job"));
    }

    /** The job at a location. */
    JsonNode job(String location) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(location))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(response.statusCode() + " " + detail(response.body()));
        }
        return json.readTree(response.body());
    }

    /** The status of a GET to any URL, for probes; -1 when it cannot be reached. */
    int status(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    ObjectMapper json() {
        return json;
    }

    private String detail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (IOException e) {
            // Not JSON: the raw body says what it says.
        }
        return body;
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
