package dev.attacktagger.ingest.jobs.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.ingest.jobs.model.Classification;
import dev.attacktagger.ingest.jobs.model.ProposedTechnique;
import dev.attacktagger.ingest.jobs.model.ReportDraft;

/** tag-service: creates reports and puts their tags. */
public class TagClient {

    private final PeerHttp http;

    public TagClient(URI base, HttpClient client, Duration timeout, ObjectMapper json) {
        this.http = new PeerHttp("tag-service", base, client, timeout, json);
    }

    /** The id of a report tag-service made, or of the one it already had with the same content. */
    public record Created(String id, boolean duplicate) {}

    /**
     * {@code POST /api/v1/reports} with the classifier's proposals inline, so that the report and its proposals are
     * stored in one transaction; a {@code 409} with {@code existingId} means the same content is stored already (and
     * nothing of this request is).
     *
     * @throws PeerUnavailableException when tag-service cannot answer now
     * @throws PeerRejectedException when it refuses the report (a 4xx other than a duplicate)
     */
    public Created createReport(ReportDraft report, String organisation, String user)
            throws PeerUnavailableException, PeerRejectedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", report.title());
        body.put("source", report.source());
        body.put("url", report.url());
        body.put("publishedAt", report.publishedAt());
        body.put("text", report.text());
        body.put("language", report.language());
        body.put("indicators", report.indicators());
        body.put("entities", report.entities());
        body.put("systemTags", systemTags(report.classification()));
        HttpResponse<String> response = http.send("POST", "/api/v1/reports", body, organisation, user);
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            JsonNode answer = http.parse(response);
            String id = answer.path("id").asText(null);
            if (id == null) {
                id = idFromLocation(response)
                        .orElseThrow(() -> new PeerUnavailableException(
                                "tag-service created a report but named no id in its answer"));
            }
            return new Created(id, false);
        }
        if (status == 409) {
            String existing = http.parse(response).path("existingId").asText(null);
            if (existing != null) {
                return new Created(existing, true);
            }
        }
        throw new PeerRejectedException(
                status, "tag-service refused the report (" + status + "): " + http.detail(response.body()));
    }

    /** The body tag-service takes for the classifier's proposals: the model's id and one entry per technique. */
    private static Map<String, Object> systemTags(Classification classification) {
        List<Map<String, Object>> tags = new ArrayList<>();
        for (ProposedTechnique technique : classification.techniques()) {
            Map<String, Object> tag = new LinkedHashMap<>();
            tag.put("techniqueId", technique.id());
            tag.put("confidence", technique.confidence());
            tag.put("evidence", technique.evidence());
            tags.add(tag);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", classification.modelId());
        body.put("tags", tags);
        return body;
    }

    /**
     * {@code GET /api/v1/reports/{id}}: the title a stored report has, or empty when tag-service does not show the
     * report.
     *
     * @throws PeerUnavailableException when tag-service cannot answer now
     */
    public Optional<String> title(String reportId, String organisation, String user) throws PeerUnavailableException {
        HttpResponse<String> response = http.send("GET", "/api/v1/reports/" + reportId, null, organisation, user);
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(http.parse(response).path("title").asText(null));
    }

    /** {@code POST /api/v1/reports/{id}/tags}: an analyst's tag, here one an imported document carried. */
    public void addUserTag(String reportId, String techniqueId, String note, String organisation, String user)
            throws PeerUnavailableException, PeerRejectedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("techniqueId", techniqueId);
        body.put("note", note);
        HttpResponse<String> response =
                http.send("POST", "/api/v1/reports/" + reportId + "/tags", body, organisation, user);
        // A 409 means the report has that tag already: a retried job must not fail on it.
        if (response.statusCode() != 409) {
            expectSuccess(response, "tag " + techniqueId + " of report " + reportId);
        }
    }

    private void expectSuccess(HttpResponse<String> response, String what) throws PeerRejectedException {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new PeerRejectedException(
                    status, "tag-service refused " + what + " (" + status + "): " + http.detail(response.body()));
        }
    }

    private static Optional<String> idFromLocation(HttpResponse<String> response) {
        return response.headers()
                .firstValue("Location")
                .map(location -> location.substring(location.lastIndexOf('/') + 1))
                .filter(id -> !id.isBlank());
    }
}
