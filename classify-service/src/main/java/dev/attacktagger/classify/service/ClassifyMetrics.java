package dev.attacktagger.classify.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * The figures an autoscaler reads: document latency, sentences per shared encoder run, queue depth, and which model runs
 * on which execution provider.
 */
@ApplicationScoped
public class ClassifyMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSentences;
    private final DistributionSummary batchCallers;

    public ClassifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSentences = DistributionSummary.builder("classify.batch.sentences")
                .description("Sentences per shared encoder run")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        this.batchCallers = DistributionSummary.builder("classify.batch.callers")
                .description("Distinct requests whose sentences shared one encoder run")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32)
                .register(registry);
    }

    /** Records one shared encoder run. */
    public void batchRan(int sentences, int callers, long nanos) {
        batchSentences.record(sentences);
        batchCallers.record(callers);
        registry.timer("classify.batch.duration").record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records one classified document. */
    public void documentClassified(String endpoint, String outcome, long nanos) {
        Timer.builder("classify.document.duration")
                .description("Time to classify one document, queueing included")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome)
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a request turned away for load: {@code queue-full} or {@code not-ready}. */
    public void rejected(String reason) {
        Counter.builder("classify.rejected")
                .description("Requests answered 503")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** Publishes the queue depth in sentences. */
    public void watchQueue(Supplier<Number> depth, int capacity) {
        Gauge.builder("classify.queue.depth", depth)
                .description("Sentences waiting for a shared encoder run")
                .baseUnit("sentences")
                .register(registry);
        Gauge.builder("classify.queue.capacity", () -> capacity)
                .description("The most sentences the queue holds")
                .baseUnit("sentences")
                .register(registry);
    }

    /** Publishes {@code classify_model_info{model, attack_version, provider, batching} 1}. */
    public void modelLoaded(String modelId, String attackVersion, String provider, boolean batching) {
        Gauge.builder("classify.model.info", () -> 1)
                .description("The model in use and where it runs")
                .tag("model", modelId)
                .tag("attack_version", attackVersion)
                .tag("provider", provider)
                .tag("batching", Boolean.toString(batching))
                .register(registry);
    }

    /** HTTP request latency as a histogram with percentiles, for every endpoint. */
    @Produces
    @Singleton
    public static MeterFilter httpLatencyHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("http.server.requests")) {
                    return DistributionStatisticConfig.builder()
                            .percentiles(0.5, 0.95, 0.99)
                            .percentilesHistogram(true)
                            .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                            .maximumExpectedValue(
                                    (double) Duration.ofSeconds(60).toNanos())
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }
}
