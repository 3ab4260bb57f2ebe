package dev.attacktagger.classify.service;

import java.nio.file.Path;
import java.util.EnumSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.attacktagger.classifier.ClassifyOptions;
import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classifier.SentenceEncoder;
import dev.attacktagger.classifier.TechniqueTagger;
import dev.attacktagger.classify.batching.BatchingSentenceEncoder;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns the loaded model and, when batching is on, the queue in front of its encoder. The model is loaded on a
 * background thread at start-up so that liveness answers at once; the service is ready once it is loaded and one
 * warm-up classification has run.
 */
@ApplicationScoped
public class ModelRuntime {

    private static final Logger LOG = Logger.getLogger(ModelRuntime.class);

    /** Exercises every stage once, so the first caller does not pay for lazy initialisation. */
    private static final String WARM_UP_TEXT = "The operators sent a spearphishing email with a macro document. "
            + "The macro started PowerShell, which downloaded a second stage and created a scheduled task.";

    private final ClassifyConfig config;
    private final Path modelDir;
    private final ClassifyMetrics metrics;

    private volatile Loaded loaded;
    private volatile String failure;

    public ModelRuntime(
            ClassifyConfig config,
            @ConfigProperty(name = "attacktagger.model.dir", defaultValue = "models/default") String modelDir,
            ClassifyMetrics metrics) {
        this.config = config;
        this.modelDir = Path.of(modelDir);
        this.metrics = metrics;
    }

    /** What a ready service runs with. */
    public record Loaded(
            TechniqueTagger tagger,
            SentenceEncoder encoder,
            BatchingSentenceEncoder batching,
            String executionProvider,
            long warmUpMillis) {}

    void onStart(@Observes StartupEvent event) {
        EncoderSettings settings = settings();
        checkDevice(settings.device());
        Thread loader = new Thread(() -> load(settings), "model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Loaded current = loaded;
        loaded = null;
        if (current != null) {
            if (current.batching() != null) {
                current.batching().close();
            }
            current.tagger().close();
        }
    }

    /** The loaded model. */
    public Loaded require() {
        Loaded current = loaded;
        if (current == null) {
            throw new ModelNotReadyException(
                    failure == null ? "the model is still loading" : "the model could not be loaded: " + failure);
        }
        return current;
    }

    /** Whether the model is loaded and warmed up. */
    public boolean ready() {
        return loaded != null;
    }

    /** Why loading failed, or null. */
    public String failure() {
        return failure;
    }

    public Path modelDir() {
        return modelDir;
    }

    /** The settings the encoder is opened with, from {@code classify.*}. */
    EncoderSettings settings() {
        int intra = config.intraOpThreads().orElse(Runtime.getRuntime().availableProcessors());
        return new EncoderSettings(config.device(), intra, config.interOpThreads());
    }

    /**
     * Fails start-up at once when CUDA is demanded and this ONNX Runtime build cannot offer it: a service that will never
     * become ready should say so before anything waits on it.
     */
    static void checkDevice(String device) {
        if (!device.equals("cuda")) {
            return;
        }
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
            throw new IllegalStateException("classify.device=cuda, but this ONNX Runtime build offers only " + available
                    + ": build with -Pgpu (onnxruntime_gpu) and run where the CUDA libraries and a GPU are present, or"
                    + " set classify.device=auto or cpu");
        }
    }

    private void load(EncoderSettings settings) {
        long started = System.nanoTime();
        TechniqueTagger tagger = null;
        BatchingSentenceEncoder batching = null;
        try {
            LOG.infof(
                    "loading model from %s (device %s, %d intra-op threads, %d inter-op threads)",
                    modelDir.toAbsolutePath(), settings.device(), settings.intraOpThreads(), settings.interOpThreads());
            tagger = TechniqueTagger.load(modelDir, settings);
            String provider = tagger.encoder().executionProvider();
            if (settings.device().equals("auto") && !provider.equals("CUDA")) {
                LOG.warnf(
                        "classify.device=auto and no CUDA execution provider could start: the encoder runs on %s",
                        provider);
            }
            SentenceEncoder encoder = tagger.encoder();
            ClassifyConfig.Batching batchingConfig = config.batching();
            if (batchingConfig.enabled()) {
                batching = new BatchingSentenceEncoder(
                        tagger.encoder(),
                        batchingConfig.maxBatchSize(),
                        batchingConfig.maxWaitMs(),
                        batchingConfig.queueCapacity(),
                        batchingConfig.workers(),
                        metrics::batchRan);
                metrics.watchQueue(batching::depth, batching.capacity());
                encoder = batching;
            }
            long warmUpStart = System.nanoTime();
            tagger.classify(WARM_UP_TEXT, ClassifyOptions.DEFAULT, encoder);
            long warmUpMillis = (System.nanoTime() - warmUpStart) / 1_000_000;
            ModelCard card = tagger.card();
            metrics.modelLoaded(card.id(), card.attackVersion(), provider, batching != null);
            loaded = new Loaded(tagger, encoder, batching, provider, warmUpMillis);
            LOG.infof(
                    "ready: model %s, ATT&CK %s, %d released techniques of %d, execution provider %s, loaded and warmed"
                            + " up in %d ms",
                    card.id(),
                    card.attackVersion(),
                    card.releasedCount(),
                    card.techniques().size(),
                    provider,
                    (System.nanoTime() - started) / 1_000_000);
            if (batching != null) {
                LOG.infof(
                        "batching across callers: at most %d sentences per shared encoder call, %d calls at once, %d ms"
                                + " wait, queue of %d sentences",
                        batchingConfig.maxBatchSize(),
                        batchingConfig.workers(),
                        batchingConfig.maxWaitMs(),
                        batchingConfig.queueCapacity());
            } else {
                LOG.info("batching across callers is off: every request runs the encoder on its own sentences");
            }
        } catch (RuntimeException | Error e) {
            failure = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            if (batching != null) {
                batching.close();
            }
            if (tagger != null) {
                tagger.close();
            }
            LOG.errorf(e, "cannot load the model from %s: %s", modelDir.toAbsolutePath(), failure);
            if (config.exitOnLoadFailure()) {
                Quarkus.asyncExit(1);
            }
        }
    }
}
