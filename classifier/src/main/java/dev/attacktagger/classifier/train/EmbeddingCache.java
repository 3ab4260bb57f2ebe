package dev.attacktagger.classifier.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.attacktagger.classifier.SentenceEncoder;

/**
 * Sentence vectors kept on disk between training runs, so that each distinct sentence is encoded once. The file
 * belongs to one encoder; it lives under {@code target/} and is never part of a model.
 */
final class EmbeddingCache {

    private static final Logger LOG = Logger.getLogger(EmbeddingCache.class);
    private static final int MAGIC = 0x41545643;
    private static final int CHUNK = 2048;

    private final Path file;
    private final int dimension;
    private final Map<String, float[]> vectors = new HashMap<>();

    private EmbeddingCache(Path file, int dimension) {
        this.file = file;
        this.dimension = dimension;
    }

    static EmbeddingCache open(Path file, int dimension) throws IOException {
        EmbeddingCache cache = new EmbeddingCache(file, dimension);
        if (Files.isRegularFile(file)) {
            try (DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                if (in.readInt() == MAGIC && in.readInt() == dimension) {
                    int count = in.readInt();
                    for (int i = 0; i < count; i++) {
                        String text = in.readUTF();
                        float[] vector = new float[dimension];
                        for (int d = 0; d < dimension; d++) {
                            vector[d] = in.readFloat();
                        }
                        cache.vectors.put(text, vector);
                    }
                }
            }
            LOG.infof("embedding cache %s: %d sentences", file, cache.vectors.size());
        }
        return cache;
    }

    /** The vectors of the texts, encoding the ones not seen before. */
    float[][] vectors(List<String> texts, SentenceEncoder encoder) throws IOException {
        Set<String> missing = new LinkedHashSet<>();
        for (String text : texts) {
            if (!vectors.containsKey(key(text))) {
                missing.add(key(text));
            }
        }
        if (!missing.isEmpty()) {
            List<String> todo = new ArrayList<>(missing);
            long started = System.nanoTime();
            for (int from = 0; from < todo.size(); from += CHUNK) {
                List<String> part = todo.subList(from, Math.min(todo.size(), from + CHUNK));
                float[][] encoded = encoder.encode(part);
                for (int i = 0; i < part.size(); i++) {
                    vectors.put(part.get(i), encoded[i]);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                LOG.infof(
                        "encoded %d of %d new sentences (%.0f/s)",
                        from + part.size(), todo.size(), (from + part.size()) / seconds);
            }
            save();
        }
        float[][] result = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            result[i] = vectors.get(key(texts.get(i)));
        }
        return result;
    }

    /** The encoder reads at most this much of a sentence; longer texts share the vector of their prefix. */
    private static String key(String text) {
        return text.length() > 2048 ? text.substring(0, 2048) : text;
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(dimension);
            out.writeInt(vectors.size());
            for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                out.writeUTF(entry.getKey());
                for (float value : entry.getValue()) {
                    out.writeFloat(value);
                }
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
