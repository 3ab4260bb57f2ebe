package dev.attacktagger.classifier.head;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a feed-forward head as an ONNX model: dense layers ({@code MatMul} + {@code Add}), {@code Relu} between them
 * and {@code Sigmoid} at the end. Input {@value #INPUT} is {@code [batch, inputs]}; output {@value #OUTPUT} is {@code
 * [batch, outputs]}, one independent probability per technique.
 *
 * <p>There is no ONNX writer for Java, so the protobuf is encoded by hand. The field numbers are those of {@code
 * onnx.proto}, which ONNX keeps stable across versions.
 */
public final class OnnxHeadWriter {

    public static final String INPUT = "embedding";
    public static final String OUTPUT = "probabilities";

    private static final long IR_VERSION = 8;
    private static final long OPSET = 17;
    private static final int FLOAT = 1;

    private OnnxHeadWriter() {}

    /**
     * A dense layer {@code y = x W + b}.
     *
     * @param weights row-major {@code [inputs, outputs]}
     * @param bias {@code [outputs]}
     */
    public record Dense(int inputs, int outputs, float[] weights, float[] bias) {
        public Dense {
            if (weights.length != inputs * outputs || bias.length != outputs) {
                throw new IllegalArgumentException("expected " + inputs * outputs + " weights and " + outputs
                        + " biases, found " + weights.length + " and " + bias.length);
            }
        }
    }

    /** The model's bytes: dense layers with ReLU between them and a sigmoid after the last. */
    public static byte[] encode(List<Dense> layers, String producerVersion) {
        return encode(layers, producerVersion, true);
    }

    /**
     * The model's bytes.
     *
     * @param sigmoid whether the last layer's values pass through a sigmoid; without it they come out as they are
     *     (for a layer that computes similarities rather than probabilities)
     */
    public static byte[] encode(List<Dense> layers, String producerVersion, boolean sigmoid) {
        ProtoWriter graph = new ProtoWriter();
        String current = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            Dense layer = layers.get(i);
            String weights = "W" + i;
            String bias = "b" + i;
            String product = "matmul" + i;
            String sum = i < layers.size() - 1 ? "dense" + i : sigmoid ? "logits" : OUTPUT;
            graph.message(1, node("MatMul" + i, "MatMul", List.of(current, weights), product));
            graph.message(1, node("Add" + i, "Add", List.of(product, bias), sum));
            current = sum;
            if (i < layers.size() - 1) {
                String activated = "relu" + i;
                graph.message(1, node("Relu" + i, "Relu", List.of(current), activated));
                current = activated;
            }
        }
        if (sigmoid) {
            graph.message(1, node("Sigmoid", "Sigmoid", List.of(current), OUTPUT));
        }
        graph.string(2, "attack-tagger-head");
        for (int i = 0; i < layers.size(); i++) {
            Dense layer = layers.get(i);
            graph.message(5, tensor("W" + i, new long[] {layer.inputs(), layer.outputs()}, layer.weights()));
            graph.message(5, tensor("b" + i, new long[] {layer.outputs()}, layer.bias()));
        }
        graph.message(11, valueInfo(INPUT, layers.get(0).inputs()));
        graph.message(12, valueInfo(OUTPUT, layers.get(layers.size() - 1).outputs()));

        ProtoWriter opset = new ProtoWriter().string(1, "").int64(2, OPSET);
        return new ProtoWriter()
                .int64(1, IR_VERSION)
                .string(2, "attack-tagger")
                .string(3, producerVersion)
                .message(7, graph)
                .message(8, opset)
                .toByteArray();
    }

    /** Writes the model to a file. */
    public static void write(Path file, List<Dense> layers, String producerVersion) throws IOException {
        Files.write(file, encode(layers, producerVersion));
    }

    private static ProtoWriter node(String name, String op, List<String> inputs, String output) {
        ProtoWriter node = new ProtoWriter();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, name).string(4, op);
    }

    private static ProtoWriter tensor(String name, long[] dims, float[] values) {
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.int64(1, dim);
        }
        return tensor.int64(2, FLOAT).string(8, name).floats(9, values);
    }

    /** A float tensor {@code [batch, width]} whose first dimension is symbolic. */
    private static ProtoWriter valueInfo(String name, int width) {
        ProtoWriter shape = new ProtoWriter()
                .message(1, new ProtoWriter().string(2, "batch"))
                .message(1, new ProtoWriter().int64(1, width));
        ProtoWriter tensorType = new ProtoWriter().int64(1, FLOAT).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }
}
