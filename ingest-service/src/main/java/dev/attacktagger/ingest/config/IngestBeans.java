package dev.attacktagger.ingest.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classifier.text.DocumentExtractor;
import dev.attacktagger.ingest.entities.EntityExtractor;
import dev.attacktagger.ingest.entities.IndicatorExtractor;
import dev.attacktagger.ingest.extraction.ClassifierTextExtractor;
import dev.attacktagger.ingest.extraction.DocumentReader;
import dev.attacktagger.ingest.extraction.FormatCheck;
import dev.attacktagger.ingest.feeds.repository.FeedRepository;
import dev.attacktagger.ingest.fetch.GuardedFetcher;
import dev.attacktagger.ingest.fetch.UrlGuard;
import dev.attacktagger.ingest.jobs.client.ClassifyClient;
import dev.attacktagger.ingest.jobs.client.TagClient;
import dev.attacktagger.ingest.jobs.repository.JobRepository;
import dev.attacktagger.ingest.jobs.service.Backoff;
import dev.attacktagger.ingest.jobs.service.JobPipeline;
import dev.attacktagger.kb.AttackKnowledgeBase;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * Builds the service's parts from configuration. The parts are plain classes, so tests can build them over their own
 * database and peers; this is the one place that knows the configuration keys.
 */
@Singleton
public class IngestBeans {

    private static final Logger LOG = Logger.getLogger(IngestBeans.class);

    @ConfigProperty(name = "attacktagger.classify.url", defaultValue = "http://127.0.0.1:8082")
    URI classifyUrl;

    @ConfigProperty(name = "attacktagger.tag.url", defaultValue = "http://127.0.0.1:8083")
    URI tagUrl;

    @ConfigProperty(
            name = "attacktagger.attack.bundle",
            defaultValue = "../shared/data/attack/enterprise-attack-18.1.json.gz")
    Path attackBundle;

    @ConfigProperty(name = "attacktagger.ingest.max-upload-size", defaultValue = "50M")
    MemorySize maxUploadSize;

    @ConfigProperty(name = "attacktagger.ingest.max-text-size", defaultValue = "2M")
    MemorySize maxTextSize;

    @ConfigProperty(name = "attacktagger.ingest.peer-timeout", defaultValue = "120s")
    Duration peerTimeout;

    @ConfigProperty(name = "attacktagger.ingest.retry.initial", defaultValue = "2s")
    Duration retryInitial;

    @ConfigProperty(name = "attacktagger.ingest.retry.max", defaultValue = "5m")
    Duration retryMax;

    @ConfigProperty(name = "attacktagger.ingest.fetch.allow")
    Optional<List<String>> fetchAllow;

    @ConfigProperty(name = "attacktagger.ingest.fetch.connect-timeout", defaultValue = "10s")
    Duration fetchConnectTimeout;

    @ConfigProperty(name = "attacktagger.ingest.fetch.total-timeout", defaultValue = "30s")
    Duration fetchTotalTimeout;

    /** The upload limit in bytes; the same limit holds for fetched pages and for the extractor. */
    public long maxUploadBytes() {
        return maxUploadSize.asLongValue();
    }

    /** The most UTF-8 bytes of text classify-service takes for one document (its {@code classify.max-text-size}). */
    public long maxTextBytes() {
        return maxTextSize.asLongValue();
    }

    @Produces
    @Singleton
    IndicatorExtractor indicatorExtractor() {
        return new IndicatorExtractor();
    }

    @Produces
    @Singleton
    EntityExtractor entityExtractor() {
        if (!Files.isRegularFile(attackBundle)) {
            LOG.warnf(
                    "no ATT&CK bundle at %s (attacktagger.attack.bundle): software and groups will not be found in"
                            + " reports",
                    attackBundle.toAbsolutePath());
            return new EntityExtractor(List.of());
        }
        AttackKnowledgeBase knowledgeBase = AttackKnowledgeBase.load(attackBundle);
        LOG.infof(
                "ATT&CK %s loaded from %s: %d software and groups to find in reports",
                knowledgeBase.version(), attackBundle, knowledgeBase.entities().size());
        return EntityExtractor.of(knowledgeBase);
    }

    @Produces
    @Singleton
    FormatCheck formatCheck() {
        return new FormatCheck();
    }

    @Produces
    @Singleton
    DocumentReader documentReader(IndicatorExtractor indicators, EntityExtractor entities) {
        long maxBytes = Math.min(maxUploadBytes(), Integer.MAX_VALUE - 16L);
        DocumentExtractor.Limits defaults = DocumentExtractor.Limits.DEFAULT;
        DocumentExtractor extractor = new DocumentExtractor(new DocumentExtractor.Limits(
                maxBytes, defaults.maxCharacters(), defaults.maxNestingDepth(), defaults.maxEmbeddedDocuments()));
        return new DocumentReader(new ClassifierTextExtractor(extractor), indicators, entities);
    }

    @Produces
    @Singleton
    GuardedFetcher guardedFetcher() {
        List<String> allow = fetchAllow.orElse(List.of());
        if (!allow.isEmpty()) {
            LOG.infof("fetching is allowed for these internal hosts and ranges: %s", allow);
        }
        return new GuardedFetcher(new UrlGuard(allow), fetchConnectTimeout, fetchTotalTimeout, maxUploadBytes());
    }

    @Produces
    @Singleton
    JobRepository jobRepository(DataSource dataSource) {
        return new JobRepository(dataSource);
    }

    @Produces
    @Singleton
    FeedRepository feedRepository(DataSource dataSource, JobRepository jobs) {
        return new FeedRepository(dataSource, jobs);
    }

    @Produces
    @Singleton
    JobPipeline jobPipeline(JobRepository jobs, DocumentReader reader, GuardedFetcher fetcher, ObjectMapper json) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        LOG.infof("classify-service at %s, tag-service at %s", classifyUrl, tagUrl);
        return new JobPipeline(
                jobs,
                reader,
                fetcher,
                new ClassifyClient(classifyUrl, client, peerTimeout, json),
                new TagClient(tagUrl, client, peerTimeout, json),
                new Backoff(retryInitial, retryMax),
                maxTextBytes());
    }
}
