package dev.attacktagger.classifier.head;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The techniques of a sentence's nearest annotated neighbours, blended into the head's scores.
 *
 * <p>The head generalises over every training text; annotated report sentences phrase techniques the way reports do,
 * and a new sentence close to some of them is likely to describe what they describe. For each sentence, the {@code k}
 * annotated sentences with the highest cosine similarity vote for their techniques, each vote weighted by
 * {@code exp(sharpness × similarity)} and shared among the neighbour's techniques; the votes, divided by their total,
 * give each technique a share {@code v} in [0, 1]. The blended score is {@code 1 - (1 - h)(1 - weight × v)} for the
 * head's score {@code h}: a vote can only raise a score, so a technique the annotated sentences never show keeps what
 * the head gave it.
 *
 * <p>The neighbours' vectors are kept in int8 with one scale per vector (a quarter of the floats' size); the trainer
 * scores with the same rounded vectors that a model folder loads, so training and serving agree. Similarities are one
 * matrix product, run by ONNX Runtime. Thread-safe; close it when no thread uses it any more.
 */
public final class NeighbourVotes implements AutoCloseable {

    /** The file in a model folder. */
    public static final String FILE = "neighbours.bin";

    private static final int MAGIC = 0x4e424831; // "NBH1"

    /**
     * How the votes are counted and blended.
     *
     * @param k how many neighbours vote
     * @param sharpness how much a closer neighbour counts more: its vote is {@code exp(sharpness × similarity)}
     * @param weight how far a unanimous vote raises a score toward 1, in [0, 1]
     */
    public record Settings(int k, double sharpness, double weight) {
        public Settings {
            if (k < 1 || sharpness < 0 || weight < 0 || weight > 1) {
                throw new IllegalArgumentException(
                        "neighbour settings need k ≥ 1, sharpness ≥ 0 and a weight in [0, 1]: " + k + ", " + sharpness
                                + ", " + weight);
            }
        }
    }

    private final Settings settings;
    private final int dimension;
    private final byte[][] quantised;
    private final float[] scales;
    private final int[][] labels;
    private final int techniques;
    private final SentenceHead similarities;

    private NeighbourVotes(
            Settings settings,
            int dimension,
            byte[][] quantised,
            float[] scales,
            int[][] labels,
            int techniques,
            int threads) {
        this.settings = settings;
        this.dimension = dimension;
        this.quantised = quantised;
        this.scales = scales;
        this.labels = labels;
        this.techniques = techniques;
        int count = quantised.length;
        // One layer y = x Wᵀ: row i of the neighbours is column i of W.
        float[] weights = new float[dimension * count];
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < dimension; d++) {
                weights[d * count + i] = quantised[i][d] * scales[i];
            }
        }
        this.similarities = SentenceHead.load(
                OnnxHeadWriter.encode(
                        List.of(new OnnxHeadWriter.Dense(dimension, count, weights, new float[count])),
                        "neighbours",
                        false),
                threads,
                "the neighbours' similarities");
    }

    /**
     * The annotated sentences as neighbours.
     *
     * @param vectors their sentence vectors, all of one length
     * @param labels each one's techniques (indices into the model's technique list); none may be empty
     * @param techniques how many techniques the model scores
     */
    public static NeighbourVotes of(
            List<float[]> vectors, List<int[]> labels, int techniques, Settings settings, int threads) {
        if (vectors.isEmpty() || vectors.size() != labels.size()) {
            throw new IllegalArgumentException(
                    "expected as many label sets as vectors, and some: " + vectors.size() + ", " + labels.size());
        }
        int dimension = vectors.get(0).length;
        byte[][] quantised = new byte[vectors.size()][];
        float[] scales = new float[vectors.size()];
        int[][] labelled = new int[labels.size()][];
        for (int i = 0; i < vectors.size(); i++) {
            float[] vector = vectors.get(i);
            if (vector.length != dimension) {
                throw new IllegalArgumentException(
                        "vector " + i + " has " + vector.length + " values, not " + dimension);
            }
            float largest = 0;
            for (float value : vector) {
                largest = Math.max(largest, Math.abs(value));
            }
            scales[i] = largest == 0 ? 1 : largest / 127f;
            quantised[i] = new byte[dimension];
            for (int d = 0; d < dimension; d++) {
                quantised[i][d] = (byte) Math.round(vector[d] / scales[i]);
            }
            labelled[i] = labels.get(i).clone();
            if (labelled[i].length == 0) {
                throw new IllegalArgumentException("neighbour " + i + " has no technique to vote for");
            }
            for (int label : labelled[i]) {
                if (label < 0 || label >= techniques) {
                    throw new IllegalArgumentException(
                            "neighbour " + i + " votes for technique " + label + ", outside the model's " + techniques);
                }
            }
        }
        return new NeighbourVotes(settings, dimension, quantised, scales, labelled, techniques, threads);
    }

    /** The length of the sentence vectors the neighbours are compared with. */
    public int dimension() {
        return dimension;
    }

    /** How many annotated sentences vote. */
    public int size() {
        return quantised.length;
    }

    public Settings settings() {
        return settings;
    }

    /** The head's scores of sentence vectors, raised by the neighbours' votes when there are neighbours (not null). */
    public static float[][] score(SentenceHead head, NeighbourVotes neighbours, float[][] vectors) {
        float[][] scores = head.predict(vectors);
        return neighbours == null ? scores : neighbours.blend(vectors, scores);
    }

    /**
     * The head's scores raised by the neighbours' votes: a new row per sentence, the head's rows left as they are.
     *
     * @param vectors the sentences' vectors
     * @param headScores the head's probabilities for the same sentences
     */
    public float[][] blend(float[][] vectors, float[][] headScores) {
        if (vectors.length != headScores.length) {
            throw new IllegalArgumentException(
                    vectors.length + " vectors but " + headScores.length + " rows of head scores");
        }
        float[][] votes = votes(vectors);
        float[][] blended = new float[vectors.length][];
        for (int s = 0; s < vectors.length; s++) {
            float[] row = headScores[s].clone();
            for (int t = 0; t < techniques; t++) {
                if (votes[s][t] > 0) {
                    row[t] = (float) (1 - (1 - row[t]) * (1 - settings.weight() * votes[s][t]));
                }
            }
            blended[s] = row;
        }
        return blended;
    }

    /** Per sentence, each technique's share of the votes of its {@code k} most similar neighbours. */
    float[][] votes(float[][] vectors) {
        float[][] similarity = similarities.predict(vectors);
        float[][] votes = new float[vectors.length][];
        for (int s = 0; s < vectors.length; s++) {
            votes[s] = votes(similarity[s]);
        }
        return votes;
    }

    private float[] votes(float[] similarity) {
        int k = Math.min(settings.k(), similarity.length);
        int[] nearest = new int[k];
        int found = 0;
        for (int i = 0; i < similarity.length; i++) {
            if (found < k || similarity[i] > similarity[nearest[found - 1]]) {
                // Insert i into the list kept from the most to the least similar; ties keep the earlier neighbour.
                int j = found < k ? found++ : k - 1;
                while (j > 0 && similarity[nearest[j - 1]] < similarity[i]) {
                    nearest[j] = nearest[j - 1];
                    j--;
                }
                nearest[j] = i;
            }
        }
        float[] votes = new float[techniques];
        double total = 0;
        double top = similarity[nearest[0]];
        for (int j = 0; j < found; j++) {
            // Relative to the closest neighbour, so that the exponential cannot overflow.
            double vote = Math.exp(settings.sharpness() * (similarity[nearest[j]] - top));
            int[] own = labels[nearest[j]];
            for (int label : own) {
                votes[label] += (float) (vote / own.length);
            }
            total += vote;
        }
        for (int t = 0; t < techniques; t++) {
            votes[t] = (float) (votes[t] / total);
        }
        return votes;
    }

    /** Writes the neighbours (rounded vectors and techniques; the settings go in {@code model.json}). */
    public void write(Path file) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(stream))) {
            out.writeInt(MAGIC);
            out.writeInt(quantised.length);
            out.writeInt(dimension);
            out.writeInt(techniques);
            for (int i = 0; i < quantised.length; i++) {
                out.writeFloat(scales[i]);
                out.write(quantised[i]);
                out.writeShort(labels[i].length);
                for (int label : labels[i]) {
                    out.writeShort(label);
                }
            }
        }
    }

    /**
     * Reads neighbours written by {@link #write}.
     *
     * @throws IOException when the file is missing, truncated or not such a file
     */
    public static NeighbourVotes read(Path file, Settings settings, int techniques, int threads) throws IOException {
        try (InputStream stream = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a file of neighbours");
            }
            int count = in.readInt();
            int dimension = in.readInt();
            int written = in.readInt();
            if (written != techniques) {
                throw new IOException(file + " votes over " + written + " techniques, but the model has " + techniques);
            }
            byte[][] quantised = new byte[count][dimension];
            float[] scales = new float[count];
            int[][] labels = new int[count][];
            for (int i = 0; i < count; i++) {
                scales[i] = in.readFloat();
                in.readFully(quantised[i]);
                labels[i] = new int[in.readUnsignedShort()];
                for (int j = 0; j < labels[i].length; j++) {
                    labels[i][j] = in.readUnsignedShort();
                }
            }
            return new NeighbourVotes(settings, dimension, quantised, scales, labels, techniques, threads);
        }
    }

    @Override
    public void close() {
        similarities.close();
    }
}
