package dev.attacktagger.ingest.jobs.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON over HTTP to a peer service, with its failures sorted into "try again later" and "refused". */
final class PeerHttp {

    private final String service;
    private final URI base;
    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper json;

    PeerHttp(String service, URI base, HttpClient client, Duration timeout, ObjectMapper json) {
        this.service = service;
        this.base = base;
        this.client = client;
        this.timeout = timeout;
        this.json = json;
    }

    /** The response of a JSON call (no body when {@code body} is null); statuses of 5xx and 429 and transport failures become unavailability. */
    HttpResponse<String> send(String method, String path, Object body, String organisation, String user)
            throws PeerUnavailableException {
        URI target = URI.create(stripSlash(base.toString()) + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
        if (organisation != null) {
            request.header("X-Organisation", organisation);
        }
        if (user != null) {
            request.header("X-User", user);
        }
        try {
            request.method(
                    method,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request to " + service + ": " + e.getMessage(), e);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new PeerUnavailableException(service + " at " + base + " cannot be reached: " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException(service + " call interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new PeerUnavailableException(
                    service + " answered " + status + " " + detail(response.body()) + " on " + method + " " + path);
        }
        return response;
    }

    JsonNode parse(HttpResponse<String> response) throws PeerUnavailableException {
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            // A peer that answers garbage is broken for now, not the document: wait for it to be fixed.
            throw new PeerUnavailableException(service + " answered with a body that is not JSON: " + e.getMessage());
        }
    }

    /** The {@code detail} of a problem body, else its title, else the start of the body. */
    String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            if (node.hasNonNull("detail")) {
                return node.get("detail").asText();
            }
            if (node.hasNonNull("title")) {
                return node.get("title").asText();
            }
        } catch (JsonProcessingException e) {
            // Not a problem document: fall through to the raw text.
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    String service() {
        return service;
    }

    ObjectMapper json() {
        return json;
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
