package dev.attacktagger.classifier.encoder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the float weights of an ONNX model and writes copies of it with some weights replaced, or with inner tensors
 * exposed as extra graph outputs. It understands only the few protocol buffer fields it touches; every other field is
 * copied byte for byte, so the graph itself is unchanged.
 */
public final class OnnxGraphEditor {

    /**
     * A float initializer: its name, its shape, its values in row-major order (empty when only the shape was read) and
     * its number of values.
     */
    public record Tensor(String name, long[] dims, float[] values, int size) {

        Tensor(String name, long[] dims, float[] values) {
            this(name, dims, values, values.length);
        }
    }

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;

    private OnnxGraphEditor() {}

    /** Every float initializer of the model, in the order the file lists them. */
    public static Map<String, Tensor> floatInitializers(byte[] model) {
        return initializers(model, true);
    }

    private static Map<String, Tensor> initializers(byte[] model, boolean withValues) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Field graph : fields(model, 0, model.length)) {
            if (graph.number == MODEL_GRAPH) {
                for (Field field : fields(model, graph.valueStart, graph.end)) {
                    if (field.number == GRAPH_INITIALIZER) {
                        Tensor tensor = tensor(model, field, withValues);
                        if (tensor != null) {
                            tensors.put(tensor.name(), tensor);
                        }
                    }
                }
            }
        }
        return tensors;
    }

    /**
     * A copy of the model whose named float initializers hold the given values instead.
     *
     * @throws IllegalArgumentException when a name is not a float initializer of the model, or its size differs
     */
    public static byte[] replaceInitializers(byte[] model, Map<String, float[]> replacements) {
        Map<String, Tensor> existing = initializers(model, false);
        for (Map.Entry<String, float[]> entry : replacements.entrySet()) {
            Tensor tensor = existing.get(entry.getKey());
            if (tensor == null) {
                throw new IllegalArgumentException("the encoder has no weight named " + entry.getKey());
            }
            if (tensor.size() != entry.getValue().length) {
                throw new IllegalArgumentException("weight " + entry.getKey() + " holds " + tensor.size()
                        + " values, the replacement " + entry.getValue().length);
            }
        }
        Set<String> replaced = new HashSet<>();
        byte[] result = rewriteGraph(
                model,
                (graphBytes, field, out) -> {
                    if (field.number == GRAPH_INITIALIZER) {
                        Tensor tensor = tensor(graphBytes, field, false);
                        if (tensor != null && replacements.containsKey(tensor.name())) {
                            replaced.add(tensor.name());
                            writeBytes(
                                    out,
                                    GRAPH_INITIALIZER,
                                    encodeTensor(tensor.name(), tensor.dims(), replacements.get(tensor.name())));
                            return;
                        }
                    }
                    out.write(graphBytes, field.start, field.end - field.start);
                },
                List.of());
        if (!replaced.equals(replacements.keySet())) {
            throw new IllegalStateException("replaced " + replaced.size() + " of " + replacements.size() + " weights");
        }
        return result;
    }

    /** How many nodes of each operator type the model's main graph holds (nested subgraphs are not counted). */
    public static Map<String, Integer> operatorCounts(byte[] model) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node node : nodes(model)) {
            counts.merge(node.op(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * For every {@code MatMul} node whose second input is a weight of the model: its output tensor's name, mapped to the
     * weight's name. Exporters often give such weights anonymous names; their outputs keep the layer's path.
     */
    public static Map<String, String> matMulWeightsByOutput(byte[] model) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Node node : nodes(model)) {
            if (node.op().equals("MatMul")
                    && node.inputs().size() == 2
                    && node.outputs().size() == 1) {
                result.put(node.outputs().get(0), node.inputs().get(1));
            }
        }
        return result;
    }

    /** A node of the main graph: its operator type and the names of its input and output tensors. */
    private record Node(String op, List<String> inputs, List<String> outputs) {}

    private static List<Node> nodes(byte[] model) {
        List<Node> nodes = new ArrayList<>();
        for (Field graph : fields(model, 0, model.length)) {
            if (graph.number != MODEL_GRAPH) {
                continue;
            }
            for (Field node : fields(model, graph.valueStart, graph.end)) {
                if (node.number != GRAPH_NODE) {
                    continue;
                }
                List<String> inputs = new ArrayList<>();
                List<String> outputs = new ArrayList<>();
                String op = "";
                for (Field field : fields(model, node.valueStart, node.end)) {
                    if (field.wireType != 2) {
                        continue;
                    }
                    String text =
                            new String(model, field.valueStart, field.end - field.valueStart, StandardCharsets.UTF_8);
                    switch (field.number) {
                        case NODE_INPUT -> inputs.add(text);
                        case NODE_OUTPUT -> outputs.add(text);
                        case NODE_OP_TYPE -> op = text;
                        default -> {}
                    }
                }
                nodes.add(new Node(op, inputs, outputs));
            }
        }
        return nodes;
    }

    /**
     * A copy of the model that computes its outputs twice: once as it ships, and once more with the given weights in
     * place of the ones of the same names. Only the nodes that depend on a replaced weight are copied (their tensors
     * and the replaced weights take {@code suffix} after their names); everything before them is computed once and
     * shared. The second outputs come after the model's own, each named as its first twin followed by {@code suffix}.
     *
     * @throws IllegalArgumentException when a name is not a float initializer of the model, its size differs, or no
     *     output depends on the replaced weights
     */
    public static byte[] withBranch(byte[] model, Map<String, float[]> replacements, String suffix) {
        Map<String, Tensor> existing = initializers(model, false);
        for (Map.Entry<String, float[]> entry : replacements.entrySet()) {
            Tensor tensor = existing.get(entry.getKey());
            if (tensor == null || tensor.size() != entry.getValue().length) {
                throw new IllegalArgumentException(
                        "the encoder has no weight " + entry.getKey() + " of " + entry.getValue().length + " values");
            }
        }
        Set<String> branched = new HashSet<>(replacements.keySet());
        List<byte[]> extra = new ArrayList<>();
        for (Map.Entry<String, float[]> entry : replacements.entrySet()) {
            extra.add(encodeTensor(
                    entry.getKey() + suffix, existing.get(entry.getKey()).dims(), entry.getValue()));
        }
        List<byte[]> nodes = new ArrayList<>();
        List<byte[]> outputs = new ArrayList<>();
        for (Field graph : fields(model, 0, model.length)) {
            if (graph.number != MODEL_GRAPH) {
                continue;
            }
            for (Field node : fields(model, graph.valueStart, graph.end)) {
                if (node.number == GRAPH_NODE) {
                    byte[] copy = branchedNode(model, node, branched, suffix);
                    if (copy != null) {
                        nodes.add(copy);
                    }
                }
            }
            for (Field output : fields(model, graph.valueStart, graph.end)) {
                if (output.number == GRAPH_OUTPUT) {
                    String name = firstString(model, output, 1);
                    if (branched.contains(name)) {
                        outputs.add(floatValueInfo(name + suffix));
                    }
                }
            }
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("no output of the model depends on the replaced weights");
        }
        return rewriteGraph(
                model,
                (graphBytes, field, out) -> {
                    out.write(graphBytes, field.start, field.end - field.start);
                    if (field.number == GRAPH_OUTPUT && !extra.isEmpty()) {
                        // Repeated fields may come in any order: the copies follow the first output.
                        extra.forEach(tensor -> writeBytes(out, GRAPH_INITIALIZER, tensor));
                        nodes.forEach(node -> writeBytes(out, GRAPH_NODE, node));
                        extra.clear();
                    }
                },
                outputs);
    }

    /**
     * The node's copy for the second branch when one of its inputs is branched (its outputs then become branched too),
     * else null.
     */
    private static byte[] branchedNode(byte[] model, Field node, Set<String> branched, String suffix) {
        List<Field> fields = fields(model, node.valueStart, node.end);
        boolean depends = false;
        for (Field field : fields) {
            if (field.number == 1 && branched.contains(text(model, field))) {
                depends = true;
            }
        }
        if (!depends) {
            return null;
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream(node.end - node.valueStart + 64);
        for (Field field : fields) {
            String text = field.wireType == 2 ? text(model, field) : null;
            switch (field.number) {
                case 1 -> writeBytes(copy, 1, bytes(branched.contains(text) ? text + suffix : text));
                case 2 -> {
                    branched.add(text);
                    writeBytes(copy, 2, bytes(text + suffix));
                }
                case 3 -> writeBytes(copy, 3, bytes(text + suffix));
                default -> copy.write(model, field.start, field.end - field.start);
            }
        }
        return copy.toByteArray();
    }

    private static String firstString(byte[] bytes, Field message, int number) {
        for (Field field : fields(bytes, message.valueStart, message.end)) {
            if (field.number == number && field.wireType == 2) {
                return text(bytes, field);
            }
        }
        return "";
    }

    private static String text(byte[] bytes, Field field) {
        return new String(bytes, field.valueStart, field.end - field.valueStart, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A ValueInfoProto naming a float tensor of any shape. */
    private static byte[] floatValueInfo(String name) {
        // ValueInfoProto { name = 1; type = 2 { tensor_type = 1 { elem_type = 1 } } }
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        writeVarintField(tensorType, 1, FLOAT);
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        writeBytes(type, 1, tensorType.toByteArray());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        writeBytes(info, 1, bytes(name));
        writeBytes(info, 2, type.toByteArray());
        return info.toByteArray();
    }

    /** A copy of the model that also returns the named inner float tensors, after its own outputs. */
    public static byte[] addOutputs(byte[] model, List<String> tensorNames) {
        List<byte[]> outputs = new ArrayList<>();
        for (String name : tensorNames) {
            outputs.add(floatValueInfo(name));
        }
        return rewriteGraph(
                model,
                (graphBytes, field, out) -> out.write(graphBytes, field.start, field.end - field.start),
                outputs);
    }

    private interface FieldRewriter {
        void rewrite(byte[] graphBytes, Field field, ByteArrayOutputStream out);
    }

    private static byte[] rewriteGraph(byte[] model, FieldRewriter rewriter, List<byte[]> extraOutputs) {
        ByteArrayOutputStream result = new ByteArrayOutputStream(model.length + 1024);
        boolean seenGraph = false;
        for (Field field : fields(model, 0, model.length)) {
            if (field.number != MODEL_GRAPH) {
                result.write(model, field.start, field.end - field.start);
                continue;
            }
            if (seenGraph) {
                throw new IllegalArgumentException("the model holds more than one graph");
            }
            seenGraph = true;
            ByteArrayOutputStream graph = new ByteArrayOutputStream(field.end - field.valueStart + 1024);
            for (Field inner : fields(model, field.valueStart, field.end)) {
                rewriter.rewrite(model, inner, graph);
            }
            for (byte[] output : extraOutputs) {
                writeBytes(graph, GRAPH_OUTPUT, output);
            }
            writeBytes(result, MODEL_GRAPH, graph.toByteArray());
        }
        if (!seenGraph) {
            throw new IllegalArgumentException("not an ONNX model: no graph");
        }
        return result.toByteArray();
    }

    /** The initializer's name, shape and (when asked) values; null when it is not a float tensor with raw data. */
    private static Tensor tensor(byte[] bytes, Field initializer, boolean withValues) {
        List<Long> dims = new ArrayList<>();
        long dataType = 0;
        String name = null;
        float[] values = null;
        int size = 0;
        for (Field field : fields(bytes, initializer.valueStart, initializer.end)) {
            switch (field.number) {
                case TENSOR_DIMS -> {
                    if (field.wireType == 0) {
                        dims.add(field.varint);
                    } else {
                        int[] position = {field.valueStart};
                        while (position[0] < field.end) {
                            dims.add(readVarint(bytes, position));
                        }
                    }
                }
                case TENSOR_DATA_TYPE -> dataType = field.varint;
                case TENSOR_NAME ->
                    name = new String(bytes, field.valueStart, field.end - field.valueStart, StandardCharsets.UTF_8);
                case TENSOR_RAW_DATA, TENSOR_FLOAT_DATA -> {
                    if (field.wireType == 2) {
                        values = new float[withValues ? (field.end - field.valueStart) / Float.BYTES : 0];
                        if (withValues) {
                            ByteBuffer.wrap(bytes, field.valueStart, field.end - field.valueStart)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .asFloatBuffer()
                                    .get(values);
                        }
                        size = (field.end - field.valueStart) / Float.BYTES;
                    }
                }
                default -> {}
            }
        }
        if (dataType != FLOAT || name == null || values == null) {
            return null;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return withValues ? new Tensor(name, shape, values) : new Tensor(name, shape, new float[0], size);
    }

    private static byte[] encodeTensor(String name, long[] dims, float[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(values.length * Float.BYTES + 64);
        for (long dim : dims) {
            writeVarintField(out, TENSOR_DIMS, dim);
        }
        writeVarintField(out, TENSOR_DATA_TYPE, FLOAT);
        writeBytes(out, TENSOR_NAME, name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        writeBytes(out, TENSOR_RAW_DATA, raw.array());
        return out.toByteArray();
    }

    /** One field of a message: where it starts (its tag), where its value starts and where it ends. */
    private record Field(int number, int wireType, int start, int valueStart, int end, long varint) {}

    private static List<Field> fields(byte[] bytes, int from, int to) {
        List<Field> fields = new ArrayList<>();
        int[] position = {from};
        while (position[0] < to) {
            int start = position[0];
            long tag = readVarint(bytes, position);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            long varint = 0;
            int valueStart;
            switch (wireType) {
                case 0 -> {
                    valueStart = position[0];
                    varint = readVarint(bytes, position);
                }
                case 1 -> {
                    valueStart = position[0];
                    position[0] += 8;
                }
                case 2 -> {
                    long length = readVarint(bytes, position);
                    valueStart = position[0];
                    position[0] = Math.toIntExact(valueStart + length);
                }
                case 5 -> {
                    valueStart = position[0];
                    position[0] += 4;
                }
                default ->
                    throw new IllegalArgumentException("not an ONNX model: wire type " + wireType + " at " + start);
            }
            if (position[0] > to) {
                throw new IllegalArgumentException("not an ONNX model: a field runs past its message at " + start);
            }
            fields.add(new Field(number, wireType, start, valueStart, position[0], varint));
        }
        return fields;
    }

    private static long readVarint(byte[] bytes, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= bytes.length) {
                throw new IllegalArgumentException("not an ONNX model: truncated");
            }
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("not an ONNX model: a varint longer than 10 bytes");
    }

    private static void writeVarintField(ByteArrayOutputStream out, int field, long value) {
        writeVarint(out, (long) field << 3);
        writeVarint(out, value);
    }

    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
        writeVarint(out, ((long) field << 3) | 2);
        writeVarint(out, value.length);
        out.writeBytes(value);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }
}
