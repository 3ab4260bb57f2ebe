package dev.attacktagger.classifier.train;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.encoder.EncoderSpec;
import dev.attacktagger.classifier.encoder.OnnxGraphEditor;
import dev.attacktagger.classifier.encoder.OnnxSentenceEncoder;

/**
 * Fine-tunes the top transformer layers of a BERT-style sentence encoder on the labelled training sentences, so that
 * sentences describing the same technique come closer together than a general-purpose encoder puts them.
 *
 * <p>The lower layers stay frozen: ONNX Runtime computes their output once per sentence, and PyTorch (through DJL)
 * trains only the top layers with a temporary softmax classifier over the techniques and a "no technique" class. The
 * result is the new values of the top layers' weights, keyed by their names in the ONNX graph; an encoder opened with
 * them runs the shipped graph with those weights swapped in. Seeded (one batch order, no dropout); a step whose loss or
 * gradient comes out not finite, which happens now and then at no fixed place, is computed again before it is skipped.
 */
final class EncoderTuner {

    private static final Logger LOG = Logger.getLogger(EncoderTuner.class);
    private static final float LAYER_NORM_EPSILON = 1e-12f;

    /**
     * Steps whose gradients are not finite are skipped; more than this many in one tuning means it has diverged. A
     * rare one has been seen (the cause is not found), and skipping it keeps the weights unspoilt.
     */
    private static final int MAX_SKIPPED_STEPS = 20;

    /** How many times a step whose loss or gradient is not finite is computed before it is skipped. */
    private static final int ATTEMPTS = 3;

    /**
     * How to fine-tune.
     *
     * @param layers how many of the top transformer layers are trained
     * @param epochs passes over the training sentences
     * @param batchSize sentences per step
     * @param learningRate peak learning rate of the transformer layers
     * @param headLearningRate learning rate of the temporary classifier
     * @param seed the classifier's initial weights and the batch order
     * @param keep weight of the term that keeps each sentence vector close to the shipped encoder's (one minus their
     *     cosine similarity, averaged like the classification loss); 0 lets the vectors go wherever the labels pull
     */
    record Settings(
            int layers,
            int epochs,
            int batchSize,
            double learningRate,
            double headLearningRate,
            long seed,
            double keep) {

        Settings(int layers, int epochs, int batchSize, double learningRate, double headLearningRate, long seed) {
            this(layers, epochs, batchSize, learningRate, headLearningRate, seed, 0);
        }
    }

    /** One batch of sentences, the frozen layers' output for them and their padding mask. */
    private record Batch(int[] rows, int width, float[] states, float[] mask) {}

    /** The weights of one transformer layer, by role, and their names in the ONNX graph. */
    private static final String[] ROLES = {
        "query",
        "query.bias",
        "key",
        "key.bias",
        "value",
        "value.bias",
        "attention",
        "attention.bias",
        "attention.norm",
        "attention.norm.bias",
        "intermediate",
        "intermediate.bias",
        "output",
        "output.bias",
        "output.norm",
        "output.norm.bias"
    };

    private final EncoderSpec spec;
    private final Settings settings;
    private final int threads;

    EncoderTuner(EncoderSpec spec, Settings settings, int threads) {
        this.spec = spec;
        this.settings = settings;
        this.threads = threads;
    }

    /** What the result of a tuning depends on besides its examples: the encoder and the settings. */
    String key() {
        // The suffix names the training procedure: change it when a change of the code changes what tuning gives.
        return spec.id() + "/" + settings + "/clip" + AdamW.MAX_NORM + "/attempts" + ATTEMPTS;
    }

    /**
     * Trains the top layers on the examples and returns their new weights by ONNX name.
     *
     * <p>Some examples come from sources annotated for a few techniques only ({@code partial}): a report sentence
     * without an annotation is known not to describe one of {@code annotatedFor}, and whether it describes any other
     * technique is not known (it often does: ransomware, PowerShell and many more go unannotated in such reports). For
     * those examples the softmax runs over {@code annotatedFor}, their own labels and "no technique" only, so they
     * neither push up nor push down the techniques they say nothing about. Treating them as exhaustive would teach the
     * encoder that a ransomware sentence from a report annotated for other techniques describes nothing.
     *
     * @param classes the number of techniques; labels are indexes below it, an example without labels is a negative
     * @param annotatedFor the techniques the partially annotated sources were annotated for
     * @param partial which examples come from those sources; the others are taken as annotated for every technique
     */
    Map<String, float[]> tune(
            List<Corpus.Example> examples, int classes, Set<Integer> annotatedFor, Predicate<Corpus.Example> partial)
            throws OrtException {
        long started = System.nanoTime();
        byte[] graph = OnnxSentenceEncoder.graph(spec);
        Map<String, OnnxGraphEditor.Tensor> initializers = OnnxGraphEditor.floatInitializers(graph);
        Map<String, String> matMuls = OnnxGraphEditor.matMulWeightsByOutput(graph);
        int total = 0;
        while (initializers.containsKey("encoder.layer." + total + ".output.LayerNorm.weight")) {
            total++;
        }
        if (total == 0 || settings.layers() < 1 || settings.layers() > total) {
            throw new IllegalArgumentException(
                    "encoder " + spec.id() + " has " + total + " layers; cannot tune " + settings.layers());
        }
        int first = total - settings.layers();
        String frozenOutput = first == 0
                ? "/embeddings/LayerNorm/Add_1_output_0"
                : "/encoder/layer." + (first - 1) + "/output/LayerNorm/Add_1_output_0";
        List<Map<String, String>> layerNames = new ArrayList<>();
        for (int layer = first; layer < total; layer++) {
            layerNames.add(names(layer, matMuls, initializers));
        }

        List<Batch> batches = frozenStates(graph, frozenOutput, examples);
        LOG.infof(
                "encoder tuning: %d sentences in %d batches through the %d frozen layers after %.0f s",
                examples.size(), batches.size(), first, (System.nanoTime() - started) / 1e9);

        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            int dimension = spec.dimension();
            int heads = dimension / 32;
            List<Map<String, NDArray>> layers = new ArrayList<>();
            List<NDArray> parameters = new ArrayList<>();
            for (Map<String, String> names : layerNames) {
                Map<String, NDArray> layer = new LinkedHashMap<>();
                for (String role : ROLES) {
                    OnnxGraphEditor.Tensor tensor = initializers.get(names.get(role));
                    NDArray array = manager.create(tensor.values(), new Shape(tensor.dims()));
                    array.setRequiresGradient(true);
                    layer.put(role, array);
                    parameters.add(array);
                }
                layers.add(layer);
            }
            Random random = new Random(settings.seed());
            float[] classifier = new float[dimension * (classes + 1)];
            for (int i = 0; i < classifier.length; i++) {
                classifier[i] = (float) (random.nextGaussian() * 0.02);
            }
            NDArray weights = manager.create(classifier, new Shape(dimension, classes + 1));
            NDArray bias = manager.zeros(new Shape(classes + 1));
            weights.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            int headParameters = parameters.size();
            parameters.add(weights);
            parameters.add(bias);

            checkAgainstOnnx(graph, batches.get(0), examples, manager, layers, heads);
            // The shipped encoder's sentence vectors, from the untouched top layers: what the term that keeps the tuned
            // vectors close to them compares with.
            List<float[]> shippedVectors = settings.keep() > 0
                    ? batches.stream()
                            .map(batch -> vectors(batch, manager, layers, heads))
                            .toList()
                    : null;

            // Logits outside a partially annotated example's candidates get this added: out of its softmax.
            float[] partialMask = new float[classes + 1];
            Arrays.fill(partialMask, 0, classes, -1e4f);
            annotatedFor.forEach(t -> partialMask[t] = 0f);
            long partialCount = examples.stream().filter(partial).count();
            LOG.infof(
                    "encoder tuning: %d of %d sentences are annotated for %d of %d techniques only",
                    partialCount, examples.size(), annotatedFor.size(), classes);
            AdamW optimizer = new AdamW(manager, parameters, headParameters);
            int[] order = IntStream.range(0, batches.size()).toArray();
            int totalSteps = settings.epochs() * batches.size();
            int warmUp = Math.max(1, totalSteps / 10);
            int step = 0;
            int skipped = 0;
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                HeadTrainer.shuffle(order, random);
                double lossSum = 0;
                double driftSum = 0;
                long epochStarted = System.nanoTime();
                for (int b : order) {
                    Batch batch = batches.get(b);
                    float[] target = new float[batch.rows().length * (classes + 1)];
                    float[] excluded = new float[batch.rows().length * (classes + 1)];
                    float[] rowWeights = new float[batch.rows().length];
                    double weightSum = 0;
                    for (int r = 0; r < batch.rows().length; r++) {
                        Corpus.Example example = examples.get(batch.rows()[r]);
                        int[] labels = example.labels();
                        if (partial.test(example)) {
                            System.arraycopy(partialMask, 0, excluded, r * (classes + 1), classes + 1);
                            for (int label : labels) {
                                excluded[r * (classes + 1) + label] = 0f;
                            }
                        }
                        if (labels.length == 0) {
                            target[r * (classes + 1) + classes] = 1f;
                        } else {
                            for (int label : labels) {
                                target[r * (classes + 1) + label] = 1f / labels.length;
                            }
                        }
                        rowWeights[r] = example.weight();
                        weightSum += example.weight();
                    }
                    for (int r = 0; r < rowWeights.length; r++) {
                        rowWeights[r] /= (float) weightSum;
                    }
                    step++;
                    double scale = step <= warmUp
                            ? (double) step / warmUp
                            : 0.5 * (1 + Math.cos(Math.PI * (step - warmUp) / Math.max(1, totalSteps - warmUp)));
                    // Never hand on, or cache, weights that a step with a loss or gradient that is not finite would
                    // spoil. Such a step has come and gone at random places, so it is computed again from the same
                    // weights; one that stays not finite is skipped.
                    boolean stepped = false;
                    for (int attempt = 1; attempt <= ATTEMPTS && !stepped; attempt++) {
                        float value;
                        float drift = 0;
                        try (NDScope scope = new NDScope()) {
                            try (GradientCollector collector = engine.newGradientCollector()) {
                                NDArray states = manager.create(
                                        batch.states(), new Shape(batch.rows().length, batch.width(), dimension));
                                NDArray mask =
                                        manager.create(batch.mask(), new Shape(batch.rows().length, batch.width()));
                                NDArray pooled = pooled(forward(states, mask, layers, heads), mask);
                                NDArray logits = pooled.matMul(weights).add(bias);
                                Shape shape = new Shape(batch.rows().length, classes + 1);
                                NDArray loss = logits.add(manager.create(excluded, shape))
                                        .logSoftmax(1)
                                        .mul(manager.create(target, shape))
                                        .sum(new int[] {1})
                                        .mul(manager.create(rowWeights))
                                        .sum()
                                        .neg();
                                if (shippedVectors != null) {
                                    NDArray shipped = manager.create(
                                            shippedVectors.get(b), new Shape(batch.rows().length, dimension));
                                    NDArray apart = pooled.mul(shipped)
                                            .sum(new int[] {1})
                                            .neg()
                                            .add(1f)
                                            .mul(manager.create(rowWeights))
                                            .sum();
                                    drift = apart.getFloat();
                                    loss = loss.add(apart.mul((float) settings.keep()));
                                }
                                value = loss.getFloat();
                                if (Float.isFinite(value)) {
                                    collector.backward(loss);
                                }
                            }
                        }
                        stepped = Float.isFinite(value)
                                && optimizer.step(scale * settings.learningRate(), scale * settings.headLearningRate());
                        if (stepped) {
                            lossSum += value;
                            driftSum += drift;
                        } else {
                            LOG.warnf(
                                    "encoder tuning: step %d (epoch %d, batch %d), attempt %d of %d: the loss (%s) or"
                                            + " a gradient is not finite",
                                    step, epoch + 1, b, attempt, ATTEMPTS, value);
                        }
                    }
                    if (!stepped) {
                        LOG.warnf("encoder tuning: step %d skipped", step);
                        skipped++;
                        if (skipped > MAX_SKIPPED_STEPS) {
                            throw new IllegalStateException("encoder tuning diverged: " + skipped
                                    + " steps had gradients that are not finite; run the training again");
                        }
                    }
                }
                LOG.infof(
                        "encoder tuning epoch %d/%d: loss %.4f (with the drift from the shipped vectors, %.4f, weighted"
                                + " %s) in %.0f s; %d steps skipped so far for gradients that are not finite",
                        epoch + 1,
                        settings.epochs(),
                        lossSum / batches.size(),
                        driftSum / batches.size(),
                        settings.keep(),
                        (System.nanoTime() - epochStarted) / 1e9,
                        skipped);
            }
            Map<String, float[]> tuned = new LinkedHashMap<>();
            for (int l = 0; l < layers.size(); l++) {
                for (String role : ROLES) {
                    tuned.put(
                            layerNames.get(l).get(role), layers.get(l).get(role).toFloatArray());
                }
            }
            LOG.infof("encoder tuning done after %.0f s", (System.nanoTime() - started) / 1e9);
            return tuned;
        }
    }

    /** The ONNX names of one layer's weights: biases and norms by their path, matrices by the node that uses them. */
    private static Map<String, String> names(
            int layer, Map<String, String> matMuls, Map<String, OnnxGraphEditor.Tensor> initializers) {
        String prefix = "encoder.layer." + layer + ".";
        String path = "/encoder/layer." + layer + "/";
        Map<String, String> names = new HashMap<>();
        names.put("query", matMuls.get(path + "attention/self/query/MatMul_output_0"));
        names.put("key", matMuls.get(path + "attention/self/key/MatMul_output_0"));
        names.put("value", matMuls.get(path + "attention/self/value/MatMul_output_0"));
        names.put("attention", matMuls.get(path + "attention/output/dense/MatMul_output_0"));
        names.put("intermediate", matMuls.get(path + "intermediate/dense/MatMul_output_0"));
        names.put("output", matMuls.get(path + "output/dense/MatMul_output_0"));
        names.put("query.bias", prefix + "attention.self.query.bias");
        names.put("key.bias", prefix + "attention.self.key.bias");
        names.put("value.bias", prefix + "attention.self.value.bias");
        names.put("attention.bias", prefix + "attention.output.dense.bias");
        names.put("attention.norm", prefix + "attention.output.LayerNorm.weight");
        names.put("attention.norm.bias", prefix + "attention.output.LayerNorm.bias");
        names.put("intermediate.bias", prefix + "intermediate.dense.bias");
        names.put("output.bias", prefix + "output.dense.bias");
        names.put("output.norm", prefix + "output.LayerNorm.weight");
        names.put("output.norm.bias", prefix + "output.LayerNorm.bias");
        for (Map.Entry<String, String> entry : names.entrySet()) {
            if (entry.getValue() == null || !initializers.containsKey(entry.getValue())) {
                throw new IllegalArgumentException(
                        "layer " + layer + " of the encoder has no weight for " + entry.getKey());
            }
        }
        return names;
    }

    /** The frozen layers' output for every example, in batches of sentences of similar length. */
    private List<Batch> frozenStates(byte[] graph, String frozenOutput, List<Corpus.Example> examples)
            throws OrtException {
        byte[] exposed = OnnxGraphEditor.addOutputs(graph, List.of(frozenOutput));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<Batch> batches = new ArrayList<>();
        try (HuggingFaceTokenizer tokenizer = OnnxSentenceEncoder.tokenizer(spec);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            try (OrtSession session = environment.createSession(exposed, options)) {
                int n = examples.size();
                long[][] ids = new long[n][];
                long[][] types = new long[n][];
                for (int from = 0; from < n; from += 256) {
                    int to = Math.min(n, from + 256);
                    String[] texts = new String[to - from];
                    for (int i = from; i < to; i++) {
                        texts[i - from] =
                                OnnxSentenceEncoder.clip(examples.get(i).text());
                    }
                    Encoding[] encodings = tokenizer.batchEncode(texts);
                    for (int i = from; i < to; i++) {
                        ids[i] = encodings[i - from].getIds();
                        types[i] = encodings[i - from].getTypeIds();
                    }
                }
                Integer[] byLength = IntStream.range(0, n).boxed().toArray(Integer[]::new);
                Arrays.sort(
                        byLength,
                        (a, b) -> ids[a].length != ids[b].length
                                ? Integer.compare(ids[a].length, ids[b].length)
                                : Integer.compare(a, b));
                boolean typeIds = session.getInputNames().contains("token_type_ids");
                for (int from = 0; from < n; from += settings.batchSize()) {
                    int to = Math.min(n, from + settings.batchSize());
                    int rows = to - from;
                    int[] members = new int[rows];
                    int width = 1;
                    for (int i = from; i < to; i++) {
                        members[i - from] = byLength[i];
                        width = Math.max(width, ids[byLength[i]].length);
                    }
                    long[] flatIds = new long[rows * width];
                    long[] flatMask = new long[rows * width];
                    long[] flatTypes = new long[rows * width];
                    float[] mask = new float[rows * width];
                    for (int r = 0; r < rows; r++) {
                        long[] tokenIds = ids[members[r]];
                        System.arraycopy(tokenIds, 0, flatIds, r * width, tokenIds.length);
                        System.arraycopy(types[members[r]], 0, flatTypes, r * width, tokenIds.length);
                        Arrays.fill(flatMask, r * width, r * width + tokenIds.length, 1L);
                        Arrays.fill(mask, r * width, r * width + tokenIds.length, 1f);
                    }
                    long[] shape = {rows, width};
                    Map<String, OnnxTensor> inputs = new HashMap<>();
                    try {
                        inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(flatIds), shape));
                        inputs.put(
                                "attention_mask",
                                OnnxTensor.createTensor(environment, LongBuffer.wrap(flatMask), shape));
                        if (typeIds) {
                            inputs.put(
                                    "token_type_ids",
                                    OnnxTensor.createTensor(environment, LongBuffer.wrap(flatTypes), shape));
                        }
                        try (OrtSession.Result result = session.run(inputs, java.util.Set.of(frozenOutput))) {
                            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
                            float[] states = new float[buffer.remaining()];
                            buffer.get(states);
                            batches.add(new Batch(members, width, states, mask));
                        }
                    } finally {
                        inputs.values().forEach(OnnxTensor::close);
                    }
                }
            }
        }
        return batches;
    }

    /** The sentence vectors of one batch from the layers as they are now (no gradient is kept). */
    private static float[] vectors(Batch batch, NDManager manager, List<Map<String, NDArray>> layers, int heads) {
        try (NDScope scope = new NDScope()) {
            long rows = batch.rows().length;
            long dimension = batch.states().length / (rows * batch.width());
            NDArray states = manager.create(batch.states(), new Shape(rows, batch.width(), dimension));
            NDArray mask = manager.create(batch.mask(), new Shape(rows, batch.width()));
            return pooled(forward(states, mask, layers, heads), mask).toFloatArray();
        }
    }

    /**
     * Runs the untouched top layers on one batch in PyTorch and compares the sentence vectors with the shipped encoder's:
     * a mismatch means the layers were read or rebuilt wrongly, and training would start from a different model.
     */
    private void checkAgainstOnnx(
            byte[] graph,
            Batch batch,
            List<Corpus.Example> examples,
            NDManager manager,
            List<Map<String, NDArray>> layers,
            int heads) {
        List<String> texts = Arrays.stream(batch.rows())
                .mapToObj(row -> examples.get(row).text())
                .toList();
        float[][] expected;
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(spec, new EncoderSettings("cpu", threads, 1))) {
            expected = encoder.encode(texts);
        }
        float[] actual = vectors(batch, manager, layers, heads);
        double worst = 0;
        for (int r = 0; r < expected.length; r++) {
            for (int d = 0; d < spec.dimension(); d++) {
                worst = Math.max(worst, Math.abs(expected[r][d] - actual[r * spec.dimension() + d]));
            }
        }
        LOG.infof("encoder tuning: PyTorch top layers match ONNX Runtime within %.2e", worst);
        if (worst > 1e-3) {
            throw new IllegalStateException("the rebuilt top layers differ from the encoder's by " + worst);
        }
    }

    private static NDArray forward(NDArray states, NDArray mask, List<Map<String, NDArray>> layers, int heads) {
        long rows = states.getShape().get(0);
        long width = states.getShape().get(1);
        long dimension = states.getShape().get(2);
        long size = dimension / heads;
        NDArray additive = mask.sub(1f).mul(10000f).reshape(rows, 1, 1, width);
        NDArray x = states;
        for (Map<String, NDArray> layer : layers) {
            NDArray q = split(x.matMul(layer.get("query")).add(layer.get("query.bias")), rows, width, heads, size);
            NDArray k = split(x.matMul(layer.get("key")).add(layer.get("key.bias")), rows, width, heads, size);
            NDArray v = split(x.matMul(layer.get("value")).add(layer.get("value.bias")), rows, width, heads, size);
            NDArray attention = q.matMul(k.transpose(0, 1, 3, 2))
                    .div((float) Math.sqrt(size))
                    .add(additive)
                    .softmax(-1);
            NDArray context = attention.matMul(v).transpose(0, 2, 1, 3).reshape(rows, width, dimension);
            NDArray attended = normalise(
                    context.matMul(layer.get("attention"))
                            .add(layer.get("attention.bias"))
                            .add(x),
                    layer.get("attention.norm"),
                    layer.get("attention.norm.bias"));
            NDArray inner = attended.matMul(layer.get("intermediate")).add(layer.get("intermediate.bias"));
            NDArray activated =
                    inner.mul(inner.div((float) Math.sqrt(2)).erf().add(1f)).mul(0.5f);
            x = normalise(
                    activated
                            .matMul(layer.get("output"))
                            .add(layer.get("output.bias"))
                            .add(attended),
                    layer.get("output.norm"),
                    layer.get("output.norm.bias"));
        }
        return x;
    }

    private static NDArray split(NDArray x, long rows, long width, int heads, long size) {
        return x.reshape(rows, width, heads, size).transpose(0, 2, 1, 3);
    }

    private static NDArray normalise(NDArray x, NDArray gain, NDArray bias) {
        NDArray centred = x.sub(x.mean(new int[] {-1}, true));
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(LAYER_NORM_EPSILON).sqrt()).mul(gain).add(bias);
    }

    /** Mean over the real tokens, then L2-normalised: the sentence vector the encoder gives. */
    private static NDArray pooled(NDArray hidden, NDArray mask) {
        NDArray expanded = mask.expandDims(2);
        NDArray mean = hidden.mul(expanded).sum(new int[] {1}).div(mask.sum(new int[] {1}, true));
        NDArray norm = mean.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f);
        return mean.div(norm);
    }

    /** AdamW with decoupled weight decay on the matrices; the caller scales the learning rates per step. */
    private static final class AdamW {
        private static final float BETA1 = 0.9f;
        private static final float BETA2 = 0.999f;
        private static final float EPSILON = 1e-8f;
        private static final float WEIGHT_DECAY = 0.01f;
        private static final double MAX_NORM = 1.0;

        private final List<NDArray> parameters;
        private final int headFrom;
        private final List<NDArray> first = new ArrayList<>();
        private final List<NDArray> second = new ArrayList<>();
        private int t;

        AdamW(NDManager manager, List<NDArray> parameters, int headFrom) {
            this.parameters = parameters;
            this.headFrom = headFrom;
            for (NDArray parameter : parameters) {
                first.add(manager.zeros(parameter.getShape()));
                second.add(manager.zeros(parameter.getShape()));
            }
        }

        /**
         * One update with the gradients clipped to a global norm of {@value #MAX_NORM}; false, and no update, when a
         * gradient is not finite (the gradients are cleared either way).
         */
        boolean step(double learningRate, double headLearningRate) {
            double squares = 0;
            for (NDArray parameter : parameters) {
                try (NDScope scope = new NDScope()) {
                    squares += parameter.getGradient().square().sum().getFloat();
                }
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                parameters.forEach(AdamW::clear);
                return false;
            }
            float clip = (float) Math.min(1.0, MAX_NORM / Math.max(norm, 1e-12));
            t++;
            float correction1 = (float) (1 - Math.pow(BETA1, t));
            float correction2 = (float) (1 - Math.pow(BETA2, t));
            for (int i = 0; i < parameters.size(); i++) {
                float rate = (float) (i >= headFrom ? headLearningRate : learningRate);
                NDArray parameter = parameters.get(i);
                try (NDScope scope = new NDScope()) {
                    NDArray gradient = parameter.getGradient().mul(clip);
                    NDArray m = first.get(i);
                    NDArray v = second.get(i);
                    m.muli(BETA1).addi(gradient.mul(1 - BETA1));
                    v.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
                    NDArray update =
                            m.div(correction1).div(v.div(correction2).sqrt().add(EPSILON));
                    if (parameter.getShape().dimension() > 1) {
                        update = update.add(parameter.mul(WEIGHT_DECAY));
                    }
                    parameter.subi(update.mul(rate));
                    clear(parameter);
                }
            }
            return true;
        }

        /** Sets the parameter's gradient to zero, whatever it held (a NaN too). */
        private static void clear(NDArray parameter) {
            JniUtils.zeroGrad((PtNDArray) parameter);
        }
    }
}
