package dev.attacktagger.classifier.head;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The trained head run by ONNX Runtime: sentence vectors in, one probability per technique out. Thread-safe; close it
 * once when no thread uses it any more.
 */
public final class SentenceHead implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int inputs;
    private final int outputs;

    private SentenceHead(OrtEnvironment environment, OrtSession session, int inputs, int outputs) {
        this.environment = environment;
        this.session = session;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Loads a head written by {@link OnnxHeadWriter}.
     *
     * @throws IllegalStateException when the file is missing or not such a model
     */
    public static SentenceHead load(Path file, int intraOpThreads) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the head " + file, e);
        }
        return load(bytes, intraOpThreads, file.toString());
    }

    /** Loads a head from its bytes; {@code origin} names it in messages. */
    public static SentenceHead load(byte[] bytes, int intraOpThreads, String origin) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            OrtSession session = environment.createSession(bytes, options);
            long[] in = ((ai.onnxruntime.TensorInfo)
                            session.getInputInfo().get(OnnxHeadWriter.INPUT).getInfo())
                    .getShape();
            long[] out = ((ai.onnxruntime.TensorInfo)
                            session.getOutputInfo().get(OnnxHeadWriter.OUTPUT).getInfo())
                    .getShape();
            return new SentenceHead(environment, session, (int) in[1], (int) out[1]);
        } catch (OrtException | NullPointerException e) {
            throw new IllegalStateException("the head " + origin + " is not a model this version can run: " + e, e);
        }
    }

    /** The length of an input vector. */
    public int inputs() {
        return inputs;
    }

    /** How many probabilities come out per vector. */
    public int outputs() {
        return outputs;
    }

    /** One row of probabilities per input vector. */
    public float[][] predict(float[][] vectors) {
        int rows = vectors.length;
        float[][] result = new float[rows][];
        if (rows == 0) {
            return result;
        }
        float[] flat = new float[rows * inputs];
        for (int r = 0; r < rows; r++) {
            if (vectors[r].length != inputs) {
                throw new IllegalArgumentException(
                        "expected vectors of " + inputs + " floats, found " + vectors[r].length);
            }
            System.arraycopy(vectors[r], 0, flat, r * inputs, inputs);
        }
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(environment, FloatBuffer.wrap(flat), new long[] {rows, inputs});
                OrtSession.Result output = session.run(Map.of(OnnxHeadWriter.INPUT, tensor))) {
            FloatBuffer probabilities = ((OnnxTensor) output.get(0)).getFloatBuffer();
            for (int r = 0; r < rows; r++) {
                result[r] = new float[outputs];
                probabilities.get(result[r]);
            }
            return result;
        } catch (OrtException e) {
            throw new IllegalStateException("the head failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the head failed: " + e.getMessage(), e);
        }
    }
}
