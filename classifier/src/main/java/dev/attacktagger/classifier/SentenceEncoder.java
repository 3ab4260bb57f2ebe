package dev.attacktagger.classifier;

import java.util.List;

/**
 * Turns sentences into fixed-size embedding vectors. The classifier's own implementation runs the ONNX encoder; a
 * service may wrap it to batch sentences of concurrent callers into shared runs.
 */
public interface SentenceEncoder extends AutoCloseable {

    /**
     * Encodes sentences.
     *
     * @param sentences the sentences, in order
     * @return one vector of {@link #dimension()} floats per sentence, in the same order
     */
    float[][] encode(List<String> sentences);

    /** The length of every vector. */
    int dimension();

    /** The ONNX Runtime execution provider in use, for example {@code CPU} or {@code CUDA}. */
    String executionProvider();

    @Override
    void close();
}
