package dev.attacktagger.classifier.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.attacktagger.classifier.EncoderSettings;

/** Reads and patches the real all-MiniLM-L6-v2 graph from its Maven artifact. */
class OnnxGraphEditorTest {

    private static final EncoderSpec SPEC = EncoderSpec.ALL_MINILM_L6_V2;
    private static final List<String> SENTENCES = List.of(
            "The loader dumped credentials from LSASS memory.", "A scheduled task started the implant at logon.");

    private static byte[] graph;

    @BeforeAll
    static void readGraph() {
        graph = OnnxSentenceEncoder.graph(SPEC);
    }

    @Test
    void shouldListTheEncoderWeightsWithTheirShapes() {
        Map<String, OnnxGraphEditor.Tensor> weights = OnnxGraphEditor.floatInitializers(graph);

        OnnxGraphEditor.Tensor words = weights.get("embeddings.word_embeddings.weight");
        assertThat(words.dims()).containsExactly(30522, 384);
        assertThat(words.values()).hasSize(30522 * 384);
        assertThat(weights.get("encoder.layer.5.output.LayerNorm.bias").dims()).containsExactly(384);
    }

    @Test
    void shouldFindTheMatrixOfEachProjectionByTheNodeThatUsesIt() {
        Map<String, String> matMuls = OnnxGraphEditor.matMulWeightsByOutput(graph);
        Map<String, OnnxGraphEditor.Tensor> weights = OnnxGraphEditor.floatInitializers(graph);

        String query = matMuls.get("/encoder/layer.5/attention/self/query/MatMul_output_0");
        String intermediate = matMuls.get("/encoder/layer.5/intermediate/dense/MatMul_output_0");
        assertThat(weights.get(query).dims()).containsExactly(384, 384);
        assertThat(weights.get(intermediate).dims()).containsExactly(384, 1536);
    }

    @Test
    void shouldGiveTheSameVectorsWhenWeightsAreReplacedByThemselves() {
        float[] bias = OnnxGraphEditor.floatInitializers(graph)
                .get("encoder.layer.5.output.dense.bias")
                .values();

        float[][] original = encode(Map.of());
        float[][] same = encode(Map.of("encoder.layer.5.output.dense.bias", bias.clone()));

        assertThat(same).isDeepEqualTo(original);
    }

    @Test
    void shouldChangeTheVectorsWhenAWeightChanges() {
        float[] bias = OnnxGraphEditor.floatInitializers(graph)
                .get("encoder.layer.5.output.dense.bias")
                .values()
                .clone();
        for (int i = 0; i < bias.length; i += 2) {
            bias[i] += 0.5f;
        }

        float[][] original = encode(Map.of());
        float[][] changed = encode(Map.of("encoder.layer.5.output.dense.bias", bias));

        assertThat(changed[0]).isNotEqualTo(original[0]);
        double dot = 0;
        for (int d = 0; d < original[0].length; d++) {
            dot += original[0][d] * changed[0][d];
        }
        assertThat(dot).as("still a unit vector near the original").isBetween(0.5, 0.99999);
    }

    @Test
    void shouldRefuseAnUnknownWeightOrOneOfAnotherSize() {
        assertThatThrownBy(() -> OnnxGraphEditor.replaceInitializers(graph, Map.of("no.such.weight", new float[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.weight");
        assertThatThrownBy(() -> OnnxGraphEditor.replaceInitializers(
                        graph, Map.of("encoder.layer.5.output.dense.bias", new float[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("384");
    }

    @Test
    void shouldRefuseBytesThatAreNotAModel() {
        assertThatThrownBy(() -> OnnxGraphEditor.floatInitializers(new byte[] {(byte) 0x8A, 0x7F, 0x01}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ONNX model");
    }

    @Test
    void shouldExposeAnInnerTensorAsAnExtraOutput() throws Exception {
        String inner = "/encoder/layer.3/output/LayerNorm/Add_1_output_0";
        byte[] exposed = OnnxGraphEditor.addOutputs(graph, List.of(inner));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        long[] ids = {101, 7000, 2003, 102};
        long[] shape = {1, ids.length};
        try (OrtSession session = environment.createSession(exposed, new OrtSession.SessionOptions())) {
            assertThat(session.getOutputNames()).contains(inner);
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put(
                    "attention_mask",
                    OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[] {1, 1, 1, 1}), shape));
            inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[4]), shape));
            try (OrtSession.Result result = session.run(inputs, Set.of(inner))) {
                assertThat(((OnnxTensor) result.get(0)).getInfo().getShape()).containsExactly(1, 4, 384);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    @Test
    void shouldRunTheTunedLayersBesideTheShippedOnesOverTheSameLowerLayers() {
        Map<String, OnnxGraphEditor.Tensor> shipped = OnnxGraphEditor.floatInitializers(graph);
        float[] bias = shipped.get("encoder.layer.4.output.dense.bias").values().clone();
        float[] gain =
                shipped.get("encoder.layer.5.output.LayerNorm.weight").values().clone();
        for (int i = 0; i < bias.length; i++) {
            bias[i] += (i % 3 - 1) * 0.3f;
            gain[i] *= i % 2 == 0 ? 1.2f : 0.8f;
        }
        Map<String, float[]> tuned =
                Map.of("encoder.layer.4.output.dense.bias", bias, "encoder.layer.5.output.LayerNorm.weight", gain);

        float[][] alone = encode(Map.of());
        float[][] replaced = encode(tuned);
        float[][] both;
        try (OnnxSentenceEncoder encoder =
                OnnxSentenceEncoder.open(SPEC, new EncoderSettings("cpu", 1, 1), tuned, true)) {
            assertThat(encoder.dimension()).isEqualTo(768);
            both = encoder.encode(SENTENCES);
        }

        for (int s = 0; s < SENTENCES.size(); s++) {
            assertThat(both[s]).hasSize(768);
            for (int d = 0; d < 384; d++) {
                assertThat(both[s][d]).isCloseTo(alone[s][d], within(1e-5f));
                assertThat(both[s][384 + d]).isCloseTo(replaced[s][d], within(1e-5f));
            }
        }
        assertThat(replaced[0]).isNotEqualTo(alone[0]);
        // Only the two top layers are copied: the branched graph grows by about their weights, not the whole model.
        byte[] branched = OnnxGraphEditor.withBranch(graph, tuned, "/tuned");
        assertThat(branched.length - graph.length).isLessThan(2 * 4 * 384 + 64_000);
    }

    @Test
    void shouldRefuseABranchForAWeightTheModelLacks() {
        assertThatThrownBy(() -> OnnxGraphEditor.withBranch(graph, Map.of("no.such.weight", new float[3]), "/t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.weight");
    }

    private static float[][] encode(Map<String, float[]> weights) {
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(SPEC, new EncoderSettings("cpu", 1, 1), weights)) {
            return encoder.encode(SENTENCES);
        }
    }
}
