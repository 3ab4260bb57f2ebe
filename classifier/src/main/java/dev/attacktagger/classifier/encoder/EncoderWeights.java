package dev.attacktagger.classifier.encoder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fine-tuned weights a model folder carries for its encoder: named float arrays that replace the weights of the
 * same names in the encoder's shipped ONNX graph.
 *
 * <p>File layout: the four bytes {@code ATW1}, the number of weights, then per weight its name (Java modified UTF-8),
 * its number of values and the values as little-endian IEEE floats. Weights keep the order they were written in.
 */
public final class EncoderWeights {

    /** The file name inside a model folder. */
    public static final String FILE = "encoder-weights.bin";

    private static final int MAGIC = 0x41545731;

    private EncoderWeights() {}

    /** Writes the weights, in their map's order. */
    public static void write(Path file, Map<String, float[]> weights) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(weights.size());
            for (Map.Entry<String, float[]> entry : weights.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(littleEndian(entry.getValue()));
            }
        }
    }

    /**
     * Reads a weights file.
     *
     * @throws IOException when the file cannot be read, is not a weights file or is cut short
     */
    public static Map<String, float[]> read(Path file) throws IOException {
        Map<String, float[]> weights = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not an encoder weights file");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > 1 << 28) {
                    throw new IOException(file + " is damaged: weight " + name + " claims " + length + " values");
                }
                byte[] bytes = new byte[length * Float.BYTES];
                in.readFully(bytes);
                float[] values = new float[length];
                ByteBuffer.wrap(bytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(values);
                weights.put(name, values);
            }
        } catch (EOFException e) {
            throw new IOException(file + " is cut short", e);
        }
        return weights;
    }

    /** A short digest of names and values, to tell encoders with different weights apart (in caches, for one). */
    public static String digest(Map<String, float[]> weights) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, float[]> entry : weights.entrySet()) {
                digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update(littleEndian(entry.getValue()));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }
}
