package dev.attacktagger.classify.service;

import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's settings, under {@code classify.*}. */
@ConfigMapping(prefix = "classify")
public interface ClassifyConfig {

    /** Where the encoder runs: {@code auto} (CUDA when it starts, else CPU), {@code cpu} or {@code cuda}. */
    @WithDefault("auto")
    String device();

    /** Threads one ONNX Runtime operator may use; one per available core when absent. */
    OptionalInt intraOpThreads();

    /** Threads for independent ONNX Runtime operators. */
    @WithDefault("1")
    int interOpThreads();

    /** The largest text one document may have, counted in UTF-8 bytes. */
    @WithDefault("2M")
    MemorySize maxTextSize();

    /** Whether a failed model load stops the process, so that an orchestrator restarts it and the cause is seen. */
    @WithDefault("true")
    boolean exitOnLoadFailure();

    Batching batching();

    Batch batch();

    /** Batching the sentences of concurrent callers into shared encoder runs. */
    interface Batching {

        /** Off: every request runs the encoder on its own sentences only. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The most sentences in one encoder run. The encoder sorts a run by length before cutting it into its own
         * batches, so a large run also means less padding.
         */
        @WithDefault("256")
        int maxBatchSize();

        /** How many shared encoder runs may be in flight at once. */
        @WithDefault("2")
        int workers();

        /** How long the oldest queued sentence may wait for a batch to fill, in milliseconds. */
        @WithDefault("5")
        long maxWaitMs();

        /** The most sentences waiting in the queue; past it callers get 503 with Retry-After. */
        @WithDefault("4096")
        int queueCapacity();

        /** The Retry-After a caller refused for a full queue is given, in seconds. */
        @WithDefault("2")
        int retryAfterSeconds();
    }

    /** {@code POST /api/v1/classify/batch}. */
    interface Batch {

        /** The most documents in one call; more is answered 413. */
        @WithDefault("32")
        int maxDocuments();

        /** How many documents of one call are classified at the same time. */
        @WithDefault("4")
        int parallelism();
    }
}
