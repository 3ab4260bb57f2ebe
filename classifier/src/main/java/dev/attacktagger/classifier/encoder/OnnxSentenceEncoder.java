package dev.attacktagger.classifier.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.SentenceEncoder;

/**
 * The pretrained sentence encoder run by ONNX Runtime: tokenises with the artifact's own {@code tokenizer.json}, runs
 * the transformer over batches of sentences of similar length, pools and L2-normalises.
 *
 * <p>A sentence's vector never depends on the sentences encoded with it. A float graph gives the same vector, to
 * rounding, whatever its batch. An int8 graph that quantises its activations as it runs ({@code
 * DynamicQuantizeLinear}) computes one scale over the whole batch, padding included, so such a graph runs one
 * sentence at a time: see {@link #batchSize(byte[])}. One short sentence gives an operator too little work to share
 * between threads, so such an encoder runs each sentence on one thread instead, and as many sentences at once as the
 * settings give it intra-op threads.
 *
 * <p>Thread-safe: ONNX Runtime sessions and the native tokenizer may be used from several threads. One instance holds
 * one session; close it once, when no thread uses it any more.
 */
public final class OnnxSentenceEncoder implements SentenceEncoder {

    /** Sentences longer than this are cut: everything past it is lost to the encoder anyway. */
    public static final int MAX_TOKENS = 128;

    private static final Logger LOG = Logger.getLogger(OnnxSentenceEncoder.class);
    private static final int BATCH_SIZE = 32;
    private static final String PER_BATCH_QUANTISATION = "DynamicQuantizeLinear";
    private static final int MAX_CHARS = 4 * MAX_TOKENS * 4;
    private static final String TUNED_SUFFIX = "/tuned";

    private final EncoderSpec spec;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final String provider;
    private final int batchSize;
    /** How many sentences run at once, one per thread, when the graph runs one sentence per run. */
    private final int parallelRuns;
    /** The helper threads that encode sentences beside the caller's; null when the caller encodes alone. */
    private final ExecutorService helpers;

    private final boolean typeIds;
    /** The name of the tuned twin of the graph's first output, when tuned layers run beside the shipped ones. */
    private final String tunedOutput;

    private OnnxSentenceEncoder(
            EncoderSpec spec,
            OrtSession session,
            HuggingFaceTokenizer tokenizer,
            String provider,
            int batchSize,
            int parallelRuns,
            String tunedOutput) {
        this.spec = spec;
        this.batchSize = batchSize;
        this.parallelRuns = parallelRuns;
        this.helpers = parallelRuns > 1
                ? Executors.newFixedThreadPool(parallelRuns - 1, runnable -> {
                    Thread thread = new Thread(runnable, "sentence-encoder-" + spec.id());
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
        this.environment = OrtEnvironment.getEnvironment();
        this.session = session;
        this.tokenizer = tokenizer;
        this.provider = provider;
        this.typeIds = session.getInputNames().contains("token_type_ids");
        this.tunedOutput = tunedOutput;
    }

    /**
     * Opens an encoder whose graph and tokenizer are on the classpath.
     *
     * @throws IllegalStateException when the resources are missing, or CUDA was asked for and is not available
     */
    public static OnnxSentenceEncoder open(EncoderSpec spec, EncoderSettings settings) {
        return open(spec, settings, Map.of());
    }

    /**
     * Opens an encoder whose graph and tokenizer are on the classpath, with some of its weights replaced: those a
     * model folder carries after fine-tuning the encoder's top layers.
     *
     * @throws IllegalArgumentException when a replaced weight is not in the graph or has another size
     */
    public static OnnxSentenceEncoder open(EncoderSpec spec, EncoderSettings settings, Map<String, float[]> weights) {
        return open(spec, settings, weights, false);
    }

    /**
     * Opens an encoder with fine-tuned weights either in place of the shipped ones or, {@code alongside}, beside them:
     * then the layers that use tuned weights run twice, once as shipped and once tuned, over the same lower layers, and
     * each sentence vector is the shipped vector followed by the tuned one ({@link #dimension()} is twice the
     * encoder's).
     *
     * @throws IllegalArgumentException when a replaced weight is not in the graph or has another size
     */
    public static OnnxSentenceEncoder open(
            EncoderSpec spec, EncoderSettings settings, Map<String, float[]> weights, boolean alongside) {
        byte[] graph = graph(spec);
        String tunedOutput = null;
        boolean branched = alongside && !weights.isEmpty();
        if (branched) {
            graph = OnnxGraphEditor.withBranch(graph, weights, TUNED_SUFFIX);
        } else if (!weights.isEmpty()) {
            graph = OnnxGraphEditor.replaceInitializers(graph, weights);
        }
        int batchSize = batchSize(graph);
        // One sentence per run: each run on one thread, as many runs at once as there are intra-op threads.
        int parallelRuns = batchSize == 1 ? settings.intraOpThreads() : 1;
        HuggingFaceTokenizer tokenizer = tokenizer(spec);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads() / parallelRuns);
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String provider = chooseProvider(settings.device(), options);
            OrtSession session = environment.createSession(graph, options);
            if (branched) {
                tunedOutput = session.getOutputNames().iterator().next() + TUNED_SUFFIX;
            }
            LOG.infof(
                    "sentence encoder %s loaded from %s on %s (%s)",
                    spec.id(),
                    spec.artifact(),
                    provider,
                    batchSize == 1
                            ? "one sentence per run, " + parallelRuns + " runs at once on one thread each"
                            : "up to " + batchSize + " sentences per run, " + settings.intraOpThreads()
                                    + " intra-op threads");
            return new OnnxSentenceEncoder(spec, session, tokenizer, provider, batchSize, parallelRuns, tunedOutput);
        } catch (OrtException e) {
            tokenizer.close();
            throw new IllegalStateException(
                    "cannot start ONNX Runtime for encoder " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    private static String chooseProvider(String device, OrtSession.SessionOptions options) throws OrtException {
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        boolean cuda = available.contains(OrtProvider.CUDA);
        if (device.equals("cuda")) {
            if (!cuda) {
                throw new IllegalStateException("device cuda was requested, but this ONNX Runtime build offers only "
                        + available + "; build with -Pgpu (onnxruntime_gpu) on a machine with CUDA, or use cpu");
            }
            options.addCUDA(0);
            return "CUDA";
        }
        if (device.equals("auto") && cuda) {
            try {
                options.addCUDA(0);
                return "CUDA";
            } catch (OrtException e) {
                LOG.warnf("CUDA is built in but cannot start (%s); running the encoder on the CPU", e.getMessage());
                return "CPU";
            }
        }
        if (device.equals("auto")) {
            LOG.debugf("no CUDA execution provider in this ONNX Runtime build; running the encoder on the CPU");
        }
        return "CPU";
    }

    /**
     * DJL unpacks the tokenizer's native library into a cache folder and would look for updates online; point it at a
     * writable folder and keep it offline unless the caller has configured otherwise.
     */
    private static void prepareTokenizerNatives() {
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            Path cache = Path.of(
                    System.getProperty("java.io.tmpdir"), "attacktagger-djl-" + System.getProperty("user.name"));
            try {
                Files.createDirectories(cache);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the tokenizer cache folder " + cache, e);
            }
            System.setProperty("DJL_CACHE_DIR", cache.toString());
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static InputStream stream(String name) {
        InputStream in = OnnxSentenceEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("encoder resource " + name + " is not on the classpath");
        }
        return in;
    }

    /** A sentence as the encoder reads it: one longer than the encoder could ever use is cut first. */
    public static String clip(String sentence) {
        return sentence.length() > MAX_CHARS ? sentence.substring(0, MAX_CHARS) : sentence;
    }

    /**
     * How many sentences one run of the graph may carry: 1 when the graph quantises activations with a scale computed
     * over everything it is given, since a sentence's vector would then depend on the other sentences of its batch
     * and on their padding; {@value #BATCH_SIZE} otherwise.
     */
    public static int batchSize(byte[] graph) {
        return OnnxGraphEditor.operatorCounts(graph).containsKey(PER_BATCH_QUANTISATION) ? 1 : BATCH_SIZE;
    }

    /** The encoder's ONNX graph as its artifact ships it. */
    public static byte[] graph(EncoderSpec spec) {
        return resource(spec.modelResource());
    }

    /**
     * The encoder's own tokenizer, set up as the encoder uses it: special tokens added, no padding, cut at
     * {@value #MAX_TOKENS} tokens. The caller closes it.
     */
    public static HuggingFaceTokenizer tokenizer(EncoderSpec spec) {
        prepareTokenizerNatives();
        try (InputStream in = stream(spec.tokenizerResource())) {
            return HuggingFaceTokenizer.newInstance(
                    in,
                    Map.of(
                            "maxLength", Integer.toString(MAX_TOKENS),
                            "truncation", "true",
                            "padding", "false",
                            "addSpecialTokens", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + spec.tokenizerResource(), e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read encoder resource " + name, e);
        }
    }

    /** The encoder's description. */
    public EncoderSpec spec() {
        return spec;
    }

    /** How many sentences one run of the graph carries at most. */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public float[][] encode(List<String> sentences) {
        if (batchSize == 1 && helpers != null && sentences.size() > 1) {
            return encodeSideBySide(sentences);
        }
        int count = sentences.size();
        float[][] vectors = new float[count][];
        // Sorting by length keeps padding, and so wasted work, small inside a batch.
        long[] order = new long[count];
        for (int i = 0; i < count; i++) {
            order[i] = ((long) Math.min(sentences.get(i).length(), MAX_CHARS) << 32) | i;
        }
        Arrays.sort(order);
        for (int from = 0; from < count; from += batchSize) {
            int to = Math.min(count, from + batchSize);
            String[] batch = new String[to - from];
            for (int i = from; i < to; i++) {
                batch[i - from] = input(sentences.get((int) order[i]));
            }
            float[][] encoded = encodeBatch(batch);
            for (int i = from; i < to; i++) {
                vectors[(int) order[i]] = encoded[i - from];
            }
        }
        return vectors;
    }

    /** The text the encoder reads for a sentence: cut when it is longer than the encoder could use, prefixed. */
    private String input(String sentence) {
        String text = sentence.length() > MAX_CHARS ? sentence.substring(0, MAX_CHARS) : sentence;
        return spec.prefix().isEmpty() ? text : spec.prefix() + text;
    }

    /**
     * One sentence per run, several runs at once: the caller's thread and the helpers take the next sentence until none
     * is left. A helper still queued behind another caller's work when the caller is done is called off, so callers do
     * not wait on one another; one that has started is waited for, since it may hold a sentence.
     */
    private float[][] encodeSideBySide(List<String> sentences) {
        int count = sentences.size();
        float[][] vectors = new float[count][];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                vectors[i] = encodeBatch(new String[] {input(sentences.get(i))})[0];
            }
        };
        List<AtomicBoolean> claims = new ArrayList<>();
        List<Future<?>> submitted = new ArrayList<>();
        for (int i = 1; i < Math.min(parallelRuns, count); i++) {
            AtomicBoolean claim = new AtomicBoolean();
            claims.add(claim);
            submitted.add(helpers.submit(() -> {
                if (claim.compareAndSet(false, true)) {
                    work.run();
                }
            }));
        }
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            next.set(count);
            failure = e;
        }
        boolean interrupted = false;
        for (int h = 0; h < submitted.size(); h++) {
            if (claims.get(h).compareAndSet(false, true)) {
                continue; // not started: the caller's thread did its share, and it will do nothing when it runs
            }
            // A started helper is waited for even when this thread is interrupted: it finishes the sentence it holds,
            // and the session must not be closed under it.
            boolean done = false;
            while (!done) {
                try {
                    submitted.get(h).get();
                    done = true;
                } catch (ExecutionException e) {
                    done = true;
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException runtime
                                ? runtime
                                : new IllegalStateException("the sentence encoder failed", e.getCause());
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    next.set(count);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                failure = new IllegalStateException("interrupted while encoding sentences");
            }
        }
        if (failure != null) {
            throw failure;
        }
        return vectors;
    }

    private float[][] encodeBatch(String[] batch) {
        Encoding[] encodings = tokenizer.batchEncode(batch);
        int rows = encodings.length;
        int width = 1;
        for (Encoding encoding : encodings) {
            width = Math.max(width, encoding.getIds().length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            long[] tokenIds = encodings[r].getIds();
            long[] tokenTypes = encodings[r].getTypeIds();
            System.arraycopy(tokenIds, 0, ids, r * width, tokenIds.length);
            System.arraycopy(tokenTypes, 0, types, r * width, tokenTypes.length);
            Arrays.fill(mask, r * width, r * width + tokenIds.length, 1L);
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] shipped = pool(((OnnxTensor) result.get(0)).getFloatBuffer(), mask, rows, width);
                if (tunedOutput == null) {
                    return shipped;
                }
                OnnxTensor tunedHidden = (OnnxTensor) result.get(tunedOutput)
                        .orElseThrow(() -> new IllegalStateException("the encoder lost its tuned output"));
                float[][] tuned = pool(tunedHidden.getFloatBuffer(), mask, rows, width);
                float[][] both = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    both[r] = Arrays.copyOf(shipped[r], shipped[r].length + tuned[r].length);
                    System.arraycopy(tuned[r], 0, both[r], shipped[r].length, tuned[r].length);
                }
                return both;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the sentence encoder failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] pool(FloatBuffer hidden, long[] mask, int rows, int width) {
        int dimension = spec.dimension();
        float[] all = new float[hidden.remaining()];
        hidden.get(all);
        float[][] vectors = new float[rows][dimension];
        for (int r = 0; r < rows; r++) {
            float[] vector = vectors[r];
            if (spec.pooling() == EncoderSpec.Pooling.CLS) {
                System.arraycopy(all, r * width * dimension, vector, 0, dimension);
            } else {
                int tokens = 0;
                for (int t = 0; t < width; t++) {
                    if (mask[r * width + t] == 0) {
                        continue;
                    }
                    tokens++;
                    int base = (r * width + t) * dimension;
                    for (int d = 0; d < dimension; d++) {
                        vector[d] += all[base + d];
                    }
                }
                for (int d = 0; d < dimension; d++) {
                    vector[d] /= Math.max(tokens, 1);
                }
            }
            double norm = 0;
            for (float v : vector) {
                norm += (double) v * v;
            }
            float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < dimension; d++) {
                vector[d] *= scale;
            }
        }
        return vectors;
    }

    @Override
    public int dimension() {
        return tunedOutput == null ? spec.dimension() : 2 * spec.dimension();
    }

    @Override
    public String executionProvider() {
        return provider;
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warnf("closing the encoder session failed: %s", e.getMessage());
        } finally {
            tokenizer.close();
        }
    }
}
