package dev.attacktagger.ingest.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classifier.text.DocumentExtractor;
import dev.attacktagger.ingest.entities.EntityExtractor;
import dev.attacktagger.ingest.entities.IndicatorExtractor;
import dev.attacktagger.ingest.extraction.ClassifierTextExtractor;
import dev.attacktagger.ingest.extraction.DocumentReader;
import dev.attacktagger.ingest.fetch.GuardedFetcher;
import dev.attacktagger.ingest.fetch.UrlGuard;
import dev.attacktagger.ingest.jobs.client.ClassifyClient;
import dev.attacktagger.ingest.jobs.client.TagClient;
import dev.attacktagger.ingest.jobs.repository.JobRepository;
import dev.attacktagger.ingest.jobs.service.Backoff;
import dev.attacktagger.ingest.jobs.service.JobPipeline;

/** Builds the job pipeline by hand, over a test database and fake peers. */
public final class Pipelines {

    /** classify-service's limit on the text of one document, as the service is configured by default. */
    public static final long MAX_TEXT_BYTES = 2 * 1024 * 1024;

    private static DocumentReader reader;

    private Pipelines() {}

    public static synchronized DocumentReader reader() {
        if (reader == null) {
            reader = new DocumentReader(
                    new ClassifierTextExtractor(new DocumentExtractor()),
                    new IndicatorExtractor(),
                    new EntityExtractor(List.of()));
        }
        return reader;
    }

    public static GuardedFetcher fetcher() {
        return new GuardedFetcher(
                new UrlGuard(List.of("127.0.0.1")), Duration.ofSeconds(2), Duration.ofSeconds(5), 1024 * 1024);
    }

    public static JobPipeline pipeline(JobRepository jobs, FakePeers peers, Backoff backoff) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper json = new ObjectMapper();
        return new JobPipeline(
                jobs,
                reader(),
                fetcher(),
                new ClassifyClient(URI.create(peers.classifyUrl()), client, Duration.ofSeconds(10), json),
                new TagClient(URI.create(peers.tagUrl()), client, Duration.ofSeconds(10), json),
                backoff,
                MAX_TEXT_BYTES);
    }
}
