package dev.attacktagger.ingest.jobs.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.ingest.jobs.model.Classification;
import dev.attacktagger.ingest.jobs.model.Evidence;
import dev.attacktagger.ingest.jobs.model.ProposedTechnique;

/** classify-service: {@code POST /api/v1/classify}. */
public class ClassifyClient {

    private final PeerHttp http;

    public ClassifyClient(URI base, HttpClient client, Duration timeout, ObjectMapper json) {
        this.http = new PeerHttp("classify-service", base, client, timeout, json);
    }

    /**
     * The techniques the classifier proposes for a text.
     *
     * @throws PeerUnavailableException when classify-service cannot answer now
     * @throws PeerRejectedException when it refuses the text (a 4xx)
     */
    public Classification classify(String title, String text) throws PeerUnavailableException, PeerRejectedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("title", title);
        HttpResponse<String> response = http.send("POST", "/api/v1/classify", body, null, null);
        if (response.statusCode() != 200) {
            throw new PeerRejectedException(
                    response.statusCode(),
                    "classify-service refused the text (" + response.statusCode() + "): "
                            + http.detail(response.body()));
        }
        JsonNode answer = http.parse(response);
        List<ProposedTechnique> techniques = new ArrayList<>();
        for (JsonNode technique : answer.path("techniques")) {
            List<Evidence> evidence = new ArrayList<>();
            for (JsonNode passage : technique.path("evidence")) {
                evidence.add(new Evidence(
                        passage.path("start").asInt(),
                        passage.path("end").asInt(),
                        passage.path("text").asText(null),
                        passage.path("score").asDouble()));
            }
            techniques.add(new ProposedTechnique(
                    technique.path("id").asText(),
                    technique.path("name").asText(null),
                    technique.path("confidence").asDouble(),
                    evidence));
        }
        return new Classification(answer.path("model").path("id").asText(null), techniques);
    }
}
