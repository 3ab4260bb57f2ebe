package dev.attacktagger.classify.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.attacktagger.classifier.Classification;
import dev.attacktagger.classifier.ClassifyOptions;
import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classify.batching.QueueFullException;

/** Validates documents and classifies them with the loaded model, alone or several in one call. */
@ApplicationScoped
public class ClassificationService {

    private static final Logger LOG = Logger.getLogger(ClassificationService.class);

    private final ModelRuntime runtime;
    private final ClassifyConfig config;
    private final ClassifyMetrics metrics;
    private final ExecutorService batchExecutor;

    public ClassificationService(ModelRuntime runtime, ClassifyConfig config, ClassifyMetrics metrics) {
        this.runtime = runtime;
        this.config = config;
        this.metrics = metrics;
        this.batchExecutor =
                Executors.newFixedThreadPool(Math.max(1, config.batch().parallelism()), new ThreadFactory() {
                    private final AtomicInteger count = new AtomicInteger();

                    @Override
                    public Thread newThread(Runnable task) {
                        Thread thread = new Thread(task, "batch-document-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    }
                });
    }

    @PreDestroy
    void stop() {
        batchExecutor.shutdownNow();
    }

    /** How a document is classified; {@code threshold} null means the tuned per-technique thresholds. */
    public record Parameters(Double threshold, boolean includeEvidence) {

        ClassifyOptions options() {
            return new ClassifyOptions(threshold, false, includeEvidence);
        }
    }

    /**
     * The result of one document of a batch: either its classification or why it failed.
     *
     * @param classification null when the document failed
     * @param failure null when the document was classified
     */
    public record Outcome(Classification classification, RuntimeException failure) {}

    /**
     * Classifies one document.
     *
     * @throws InvalidInputException when the text is empty or the threshold is outside [0, 1]
     * @throws TooLargeException when the text is over the size limit
     * @throws ModelNotReadyException while the model is loading
     * @throws QueueFullException when the batching queue cannot take the document's sentences now
     */
    public Classification classify(String text, String title, Parameters parameters) {
        checkThreshold(parameters.threshold());
        return classifyValid(text, title, parameters, "single");
    }

    /**
     * Classifies several documents; each one's failure is its own outcome and leaves the others alone.
     *
     * @throws InvalidInputException when there are no documents or the threshold is outside [0, 1]
     * @throws TooLargeException when there are more documents than one call takes
     * @throws ModelNotReadyException while the model is loading
     */
    public List<Outcome> classifyAll(List<String> texts, List<String> titles, Parameters parameters) {
        if (texts == null || texts.isEmpty()) {
            throw new InvalidInputException("documents", "must hold at least one document");
        }
        int maxDocuments = config.batch().maxDocuments();
        if (texts.size() > maxDocuments) {
            throw new TooLargeException(String.format(
                    Locale.ROOT, "%d documents were sent; one call takes at most %d", texts.size(), maxDocuments));
        }
        checkThreshold(parameters.threshold());
        runtime.require();
        // Submitting every document before waiting lets their sentences share encoder runs.
        List<Future<Classification>> futures = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String title = titles.get(i);
            futures.add(batchExecutor.submit(() -> classifyValid(text, title, parameters, "batch")));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Classification> future : futures) {
            outcomes.add(outcomeOf(future));
        }
        return outcomes;
    }

    private static Outcome outcomeOf(Future<Classification> future) {
        try {
            return new Outcome(future.get(), null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                return new Outcome(null, runtime);
            }
            return new Outcome(null, new IllegalStateException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, new ModelNotReadyException("the service is shutting down"));
        }
    }

    /** The card of the loaded model. */
    public ModelCard card() {
        return runtime.require().tagger().card();
    }

    /** The ONNX Runtime execution provider the encoder runs on. */
    public String executionProvider() {
        return runtime.require().executionProvider();
    }

    private Classification classifyValid(String text, String title, Parameters parameters, String endpoint) {
        checkText(text);
        ModelRuntime.Loaded loaded = runtime.require();
        long started = System.nanoTime();
        String outcome = "error";
        try {
            Classification classification = loaded.tagger().classify(text, parameters.options(), loaded.encoder());
            outcome = "success";
            LOG.debugf(
                    "classified [%s]: %d characters, %d sentences, %d techniques in %d ms",
                    title == null ? "untitled" : title,
                    text.length(),
                    classification.sentences(),
                    classification.techniques().size(),
                    classification.millis());
            return classification;
        } catch (QueueFullException e) {
            outcome = "queue-full";
            metrics.rejected("queue-full");
            throw e;
        } finally {
            metrics.documentClassified(endpoint, outcome, System.nanoTime() - started);
        }
    }

    private void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "must not be empty");
        }
        long limit = config.maxTextSize().asLongValue();
        long size = utf8Length(text, limit);
        if (size > limit) {
            throw new TooLargeException(String.format(
                    Locale.ROOT,
                    "the text is more than %d bytes in UTF-8; one document may have at most %d",
                    limit,
                    limit));
        }
    }

    private static void checkThreshold(Double threshold) {
        if (threshold != null && !(threshold >= 0.0 && threshold <= 1.0)) {
            throw new InvalidInputException("threshold", "must be between 0 and 1, found " + threshold);
        }
    }

    /** The UTF-8 length of a text, counting no further than just past {@code limit}. */
    static long utf8Length(String text, long limit) {
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
