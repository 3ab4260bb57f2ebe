package dev.attacktagger.classifier.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;

import dev.attacktagger.classifier.head.OnnxHeadWriter.Dense;

/**
 * Trains the sentence head: dense layers with ReLU between them and one sigmoid per technique, by weighted binary
 * cross-entropy and AdamW on mini-batches.
 *
 * <p>Deterministic for a seed: the batch order comes from a seeded {@link Random}, and the work is split across
 * threads so that each number is computed by one thread in a fixed order, whatever the number of threads.
 */
final class HeadTrainer {

    private static final Logger LOG = Logger.getLogger(HeadTrainer.class);

    /**
     * How to train.
     *
     * @param hidden the width of the hidden layer, 0 for a linear head
     * @param positiveWeight how much more a positive label weighs than a negative one
     * @param standardize what the head trains on: the encoder's vectors as they are, centred on their mean, or also
     *     scaled to unit variance per dimension (folded into the first layer afterwards, so the exported head still
     *     reads the encoder's vectors as they are)
     */
    record Settings(
            int hidden,
            int epochs,
            int batchSize,
            double learningRate,
            double weightDecay,
            double positiveWeight,
            long seed,
            Standardization standardize) {}

    /** How the head's inputs are transformed while it trains. */
    enum Standardization {
        /** The encoder's vectors as they are. */
        NONE,
        /** Less their mean over the training sentences. */
        CENTER,
        /** Less their mean, and divided by their standard deviation, per dimension. */
        SCALE;

        /** The standardisation of a command-line name ({@code none}, {@code center}, {@code scale}). */
        static java.util.Optional<Standardization> named(String name) {
            return java.util.Arrays.stream(values())
                    .filter(value -> value.name().equalsIgnoreCase(name))
                    .findFirst();
        }
    }

    private final Settings settings;
    private final ForkJoinPool pool;

    HeadTrainer(Settings settings, int threads) {
        this.settings = settings;
        this.pool = new ForkJoinPool(threads);
    }

    /** A layer being trained, with its AdamW moments. */
    private static final class Layer {
        final int in;
        final int out;
        final float[] w;
        final float[] b;
        final float[] gw;
        final float[] gb;
        final float[] mw;
        final float[] vw;
        final float[] mb;
        final float[] vb;

        Layer(int in, int out, Random random, float biasInit) {
            this.in = in;
            this.out = out;
            w = new float[in * out];
            b = new float[out];
            java.util.Arrays.fill(b, biasInit);
            double scale = Math.sqrt(2.0 / in);
            if (random != null) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (random.nextGaussian() * scale);
                }
            }
            gw = new float[w.length];
            gb = new float[out];
            mw = new float[w.length];
            vw = new float[w.length];
            mb = new float[out];
            vb = new float[out];
        }
    }

    List<Dense> train(float[][] rawX, int[][] labels, float[] weights, int outputs) {
        Random random = new Random(settings.seed());
        int inputs = rawX[0].length;
        float[] mean = new float[inputs];
        float[] scale = new float[inputs];
        if (settings.standardize() != Standardization.NONE) {
            standardization(rawX, mean, scale);
        }
        if (settings.standardize() == Standardization.CENTER) {
            java.util.Arrays.fill(scale, 1f);
        }
        float[][] x = settings.standardize() == Standardization.NONE ? rawX : standardized(rawX, mean, scale);
        List<Layer> layers = new ArrayList<>();
        // A bias that starts at the rare-label prior keeps the first epochs from spending themselves on it.
        float prior = (float) Math.log(1.0 / outputs);
        if (settings.hidden() > 0) {
            layers.add(new Layer(inputs, settings.hidden(), random, 0f));
            layers.add(new Layer(settings.hidden(), outputs, random, prior));
        } else {
            layers.add(new Layer(inputs, outputs, null, prior));
        }
        int n = x.length;
        int[] order = IntStream.range(0, n).toArray();
        int step = 0;
        int batches = (n + settings.batchSize() - 1) / settings.batchSize();
        int totalSteps = settings.epochs() * batches;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            shuffle(order, random);
            double loss = 0;
            long started = System.nanoTime();
            for (int from = 0; from < n; from += settings.batchSize()) {
                int to = Math.min(n, from + settings.batchSize());
                int[] batch = java.util.Arrays.copyOfRange(order, from, to);
                double lr = settings.learningRate() * 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
                loss += step(layers, x, labels, weights, batch, ++step, lr);
            }
            LOG.infof(
                    "head epoch %d/%d: loss %.5f (%.1f s)",
                    epoch + 1, settings.epochs(), loss / batches, (System.nanoTime() - started) / 1e9);
        }
        pool.shutdown();
        List<Dense> result = new ArrayList<>();
        for (Layer layer : layers) {
            result.add(new Dense(layer.in, layer.out, layer.w, layer.b));
        }
        if (settings.standardize() != Standardization.NONE) {
            result.set(0, folded(result.get(0), mean, scale));
        }
        return result;
    }

    /** The mean and the inverse standard deviation of every input dimension. */
    static void standardization(float[][] x, float[] mean, float[] scale) {
        int inputs = mean.length;
        double[] sum = new double[inputs];
        for (float[] row : x) {
            for (int i = 0; i < inputs; i++) {
                sum[i] += row[i];
            }
        }
        for (int i = 0; i < inputs; i++) {
            mean[i] = (float) (sum[i] / x.length);
        }
        double[] squares = new double[inputs];
        for (float[] row : x) {
            for (int i = 0; i < inputs; i++) {
                double deviation = row[i] - mean[i];
                squares[i] += deviation * deviation;
            }
        }
        for (int i = 0; i < inputs; i++) {
            scale[i] = (float) (1 / Math.sqrt(squares[i] / x.length + 1e-12));
        }
    }

    private static float[][] standardized(float[][] x, float[] mean, float[] scale) {
        float[][] result = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            float[] row = new float[mean.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = (x[r][i] - mean[i]) * scale[i];
            }
            result[r] = row;
        }
        return result;
    }

    /**
     * The layer that gives on raw inputs what {@code layer} gives on standardised ones: each weight times its input's
     * scale, and the bias less what the means contribute.
     */
    static Dense folded(Dense layer, float[] mean, float[] scale) {
        int in = layer.inputs();
        int out = layer.outputs();
        float[] w = new float[in * out];
        double[] bias = new double[out];
        for (int o = 0; o < out; o++) {
            bias[o] = layer.bias()[o];
        }
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                w[i * out + o] = layer.weights()[i * out + o] * scale[i];
                bias[o] -= (double) w[i * out + o] * mean[i];
            }
        }
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            b[o] = (float) bias[o];
        }
        return new Dense(in, out, w, b);
    }

    /** A seeded Fisher-Yates shuffle, in place. */
    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private double step(
            List<Layer> layers, float[][] x, int[][] labels, float[] weights, int[] batch, int t, double lr) {
        int rows = batch.length;
        float[][] input = new float[rows][];
        for (int r = 0; r < rows; r++) {
            input[r] = x[batch[r]];
        }
        // Forward, keeping every layer's activations.
        List<float[][]> activations = new ArrayList<>();
        activations.add(input);
        float[][] current = input;
        for (int l = 0; l < layers.size(); l++) {
            current = forward(layers.get(l), current, l < layers.size() - 1);
            activations.add(current);
        }
        // Output gradient of weighted binary cross-entropy on sigmoid outputs.
        float[][] logits = current;
        int outputs = layers.get(layers.size() - 1).out;
        float[][] outputDelta = new float[rows][outputs];
        double weightSum = 0;
        for (int r = 0; r < rows; r++) {
            weightSum += weights[batch[r]];
        }
        double[] rowLoss = new double[rows];
        float positive = (float) settings.positiveWeight();
        double norm = weightSum;
        pool.submit(() -> IntStream.range(0, rows).parallel().forEach(r -> {
                    float rowWeight = (float) (weights[batch[r]] / norm);
                    boolean[] isPositive = new boolean[outputs];
                    for (int label : labels[batch[r]]) {
                        isPositive[label] = true;
                    }
                    double sum = 0;
                    for (int o = 0; o < outputs; o++) {
                        float z = logits[r][o];
                        float p = (float) (1.0 / (1.0 + Math.exp(-z)));
                        if (isPositive[o]) {
                            outputDelta[r][o] = (p - 1f) * positive * rowWeight;
                            sum += positive * softplus(-z);
                        } else {
                            outputDelta[r][o] = p * rowWeight;
                            sum += softplus(z);
                        }
                    }
                    rowLoss[r] = sum * rowWeight;
                }))
                .join();
        // Backward through the layers.
        float[][] delta = outputDelta;
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            float[][] in = activations.get(l);
            gradients(layer, in, delta);
            if (l > 0) {
                float[][] below = backward(layer, delta, in);
                delta = below;
            }
        }
        for (Layer layer : layers) {
            adam(layer, t, lr);
        }
        double loss = 0;
        for (double value : rowLoss) {
            loss += value;
        }
        return loss;
    }

    private static double softplus(float z) {
        return z > 20 ? z : Math.log1p(Math.exp(z));
    }

    /** {@code x W + b}, with ReLU when {@code relu}. Rows are independent, so they run in parallel. */
    private float[][] forward(Layer layer, float[][] x, boolean relu) {
        int rows = x.length;
        float[][] y = new float[rows][];
        pool.submit(() -> IntStream.range(0, rows)
                        .parallel()
                        .forEach(r -> y[r] = dense(layer.w, layer.b, layer.in, layer.out, x[r], relu)))
                .join();
        return y;
    }

    static float[] dense(float[] w, float[] b, int in, int out, float[] x, boolean relu) {
        float[] y = b.clone();
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int base = i * out;
            for (int o = 0; o < out; o++) {
                y[o] += xi * w[base + o];
            }
        }
        if (relu) {
            for (int o = 0; o < out; o++) {
                if (y[o] < 0f) {
                    y[o] = 0f;
                }
            }
        }
        return y;
    }

    /** Weight gradients: each input row of {@code W} is summed over the batch by one thread, in batch order. */
    private void gradients(Layer layer, float[][] x, float[][] delta) {
        int rows = x.length;
        pool.submit(() -> IntStream.range(0, layer.in).parallel().forEach(i -> {
                    int base = i * layer.out;
                    java.util.Arrays.fill(layer.gw, base, base + layer.out, 0f);
                    for (int r = 0; r < rows; r++) {
                        float xi = x[r][i];
                        if (xi == 0f) {
                            continue;
                        }
                        float[] d = delta[r];
                        for (int o = 0; o < layer.out; o++) {
                            layer.gw[base + o] += xi * d[o];
                        }
                    }
                }))
                .join();
        java.util.Arrays.fill(layer.gb, 0f);
        for (float[] d : delta) {
            for (int o = 0; o < layer.out; o++) {
                layer.gb[o] += d[o];
            }
        }
    }

    /** The gradient for the layer below, through this layer's weights and the ReLU of its input. */
    private float[][] backward(Layer layer, float[][] delta, float[][] input) {
        int rows = delta.length;
        float[][] below = new float[rows][layer.in];
        pool.submit(() -> IntStream.range(0, rows).parallel().forEach(r -> {
                    float[] d = delta[r];
                    for (int i = 0; i < layer.in; i++) {
                        if (input[r][i] <= 0f) {
                            continue;
                        }
                        int base = i * layer.out;
                        float s0 = 0f;
                        float s1 = 0f;
                        float s2 = 0f;
                        float s3 = 0f;
                        int o = 0;
                        for (; o + 3 < layer.out; o += 4) {
                            s0 += d[o] * layer.w[base + o];
                            s1 += d[o + 1] * layer.w[base + o + 1];
                            s2 += d[o + 2] * layer.w[base + o + 2];
                            s3 += d[o + 3] * layer.w[base + o + 3];
                        }
                        for (; o < layer.out; o++) {
                            s0 += d[o] * layer.w[base + o];
                        }
                        below[r][i] = s0 + s1 + s2 + s3;
                    }
                }))
                .join();
        return below;
    }

    private void adam(Layer layer, int t, double lr) {
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr * Math.sqrt(correction2) / correction1);
        float decay = (float) (lr * settings.weightDecay());
        pool.submit(() -> IntStream.range(0, layer.in).parallel().forEach(i -> {
                    int base = i * layer.out;
                    update(
                            layer.w,
                            layer.gw,
                            layer.mw,
                            layer.vw,
                            base,
                            base + layer.out,
                            beta1,
                            beta2,
                            stepSize,
                            decay);
                }))
                .join();
        update(layer.b, layer.gb, layer.mb, layer.vb, 0, layer.out, beta1, beta2, stepSize, 0f);
    }

    private static void update(
            float[] p,
            float[] g,
            float[] m,
            float[] v,
            int from,
            int to,
            float beta1,
            float beta2,
            float stepSize,
            float decay) {
        for (int k = from; k < to; k++) {
            m[k] = beta1 * m[k] + (1 - beta1) * g[k];
            v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
            p[k] -= stepSize * m[k] / ((float) Math.sqrt(v[k]) + 1e-8f) + decay * p[k];
        }
    }

    /** The head's output for one vector, computed in Java: the reference the ONNX export is checked against. */
    static float[] predict(List<Dense> layers, float[] x) {
        float[] current = x;
        for (int l = 0; l < layers.size(); l++) {
            Dense layer = layers.get(l);
            current = dense(
                    layer.weights(), layer.bias(), layer.inputs(), layer.outputs(), current, l < layers.size() - 1);
        }
        float[] probabilities = new float[current.length];
        for (int o = 0; o < current.length; o++) {
            probabilities[o] = (float) (1.0 / (1.0 + Math.exp(-current[o])));
        }
        return probabilities;
    }
}
