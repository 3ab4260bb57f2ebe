package dev.attacktagger.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.attacktagger.classifier.encoder.EncoderSpec;
import dev.attacktagger.classifier.encoder.EncoderWeights;
import dev.attacktagger.classifier.encoder.OnnxGraphEditor;
import dev.attacktagger.classifier.encoder.OnnxSentenceEncoder;
import dev.attacktagger.classifier.head.OnnxHeadWriter;
import dev.attacktagger.classifier.model.ModelFolder;

/** A model folder that carries fine-tuned encoder weights: loaded with them, or refused when they do not match. */
class TunedEncoderModelTest {

    private static final String TEXT =
            "The attackers opened the memory of the lsass.exe process and wrote a minidump of "
                    + "it, then extracted cached password hashes from that dump.";
    private static final ClassifyOptions ALL = new ClassifyOptions(null, true, false);

    @TempDir
    Path dir;

    private Path copyOfReleasedModel() throws IOException {
        return copyOfReleasedModel("model");
    }

    /**
     * The released model without its annotated neighbours: they vote on the shipped encoder's vectors, and these tests
     * are about what tuned weights change in the vectors alone.
     */
    private Path copyOfReleasedModel(String name) throws IOException {
        Path model = dir.resolve(name);
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(ReleasedModel.DIR)) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode card =
                (ObjectNode) json.readTree(model.resolve(ModelFolder.CARD).toFile());
        card.remove("neighbours");
        json.writeValue(model.resolve(ModelFolder.CARD).toFile(), card);
        return model;
    }

    /** The shipped weights of the top layer's output bias, each nudged, as a tuning run might leave them. */
    private static Map<String, float[]> nudgedWeights() {
        String name = "encoder.layer.5.output.dense.bias";
        float[] bias = OnnxGraphEditor.floatInitializers(OnnxSentenceEncoder.graph(EncoderSpec.ALL_MINILM_L6_V2))
                .get(name)
                .values()
                .clone();
        for (int i = 0; i < bias.length; i++) {
            bias[i] += (i % 3 - 1) * 0.2f;
        }
        return Map.of(name, bias);
    }

    private static void recordTuning(Path model, String digest) throws IOException {
        recordTuning(model, digest, false);
    }

    private static void recordTuning(Path model, String digest, boolean alongside) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode card =
                (ObjectNode) json.readTree(model.resolve(ModelFolder.CARD).toFile());
        ObjectNode tuning = card.putObject("encoderTuning")
                .put("file", EncoderWeights.FILE)
                .put("layers", 1)
                .put("digest", digest);
        if (alongside) {
            tuning.put("alongside", true);
        }
        json.writeValue(model.resolve(ModelFolder.CARD).toFile(), card);
    }

    /**
     * Replaces the model's head by one that reads a shipped vector followed by a tuned one and uses only one of the
     * two, with the released head's weights.
     */
    private static void writeTwoVectorHead(Path model, boolean useTuned) throws IOException {
        Map<String, OnnxGraphEditor.Tensor> released =
                OnnxGraphEditor.floatInitializers(Files.readAllBytes(ReleasedModel.DIR.resolve(ModelFolder.HEAD)));
        OnnxGraphEditor.Tensor first = released.get("W0");
        int inputs = (int) first.dims()[0];
        int outputs = (int) first.dims()[1];
        float[] wide = new float[2 * inputs * outputs];
        System.arraycopy(first.values(), 0, wide, useTuned ? inputs * outputs : 0, inputs * outputs);
        OnnxGraphEditor.Tensor second = released.get("W1");
        OnnxHeadWriter.write(
                model.resolve(ModelFolder.HEAD),
                List.of(
                        new OnnxHeadWriter.Dense(
                                2 * inputs, outputs, wide, released.get("b0").values()),
                        new OnnxHeadWriter.Dense(
                                (int) second.dims()[0],
                                (int) second.dims()[1],
                                second.values(),
                                released.get("b1").values())),
                "test");
    }

    @Test
    void shouldReadTheShippedVectorThenTheTunedOneWhenTunedLayersRunAlongside() throws IOException {
        Map<String, float[]> weights = nudgedWeights();
        Path inPlace = copyOfReleasedModel();
        EncoderWeights.write(inPlace.resolve(EncoderWeights.FILE), weights);
        recordTuning(inPlace, EncoderWeights.digest(weights));
        Path alongside = dir.resolve("alongside");
        Files.createDirectories(alongside);
        try (Stream<Path> files = Files.list(inPlace)) {
            for (Path file : files.toList()) {
                Files.copy(file, alongside.resolve(file.getFileName()));
            }
        }
        recordTuning(alongside, EncoderWeights.digest(weights), true);

        // The released head of 384 inputs cannot read two vectors.
        assertThatThrownBy(() -> TechniqueTagger.load(alongside, new EncoderSettings("cpu", 1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expects 768");

        Map<String, Double> shipped = scores(copyOfReleasedModel("shipped"));
        writeTwoVectorHead(alongside, false);
        assertScoresClose(scores(alongside), shipped);
        writeTwoVectorHead(alongside, true);
        Map<String, Double> tunedHalf = scores(alongside);
        assertScoresClose(tunedHalf, scores(inPlace));
        assertThat(tunedHalf.get("T1003.001")).isNotCloseTo(shipped.get("T1003.001"), within(1e-4));
    }

    private static void assertScoresClose(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, confidence) -> assertThat(actual.get(id)).as(id).isCloseTo(confidence, within(1e-4)));
    }

    private static Map<String, Double> scores(Path model) {
        try (TechniqueTagger tagger = TechniqueTagger.load(model, new EncoderSettings("cpu", 2, 1))) {
            return tagger.classify(TEXT, ALL).techniques().stream()
                    .collect(Collectors.toMap(TechniqueTag::id, TechniqueTag::confidence));
        }
    }

    @Test
    void shouldRunTheEncoderWithTheWeightsTheCardRecords() throws IOException {
        Path model = copyOfReleasedModel();
        Map<String, float[]> weights = nudgedWeights();
        EncoderWeights.write(model.resolve(EncoderWeights.FILE), weights);
        recordTuning(model, EncoderWeights.digest(weights));

        Map<String, Double> tuned = scores(model);
        Map<String, Double> shipped = scores(copyOfReleasedModel("shipped"));

        assertThat(tuned.keySet()).isEqualTo(shipped.keySet());
        assertThat(tuned.get("T1003.001")).isBetween(0.0, 1.0).isNotEqualTo(shipped.get("T1003.001"));
    }

    @Test
    void shouldRefuseWeightsTheCardDoesNotRecord() throws IOException {
        Path model = copyOfReleasedModel();
        EncoderWeights.write(model.resolve(EncoderWeights.FILE), nudgedWeights());

        assertThatThrownBy(() -> TechniqueTagger.load(model, new EncoderSettings("cpu", 1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not belong to this model");
    }

    @Test
    void shouldRefuseAMissingOrForeignWeightsFile() throws IOException {
        Path model = copyOfReleasedModel();
        recordTuning(model, EncoderWeights.digest(nudgedWeights()));

        assertThatThrownBy(() -> TechniqueTagger.load(model, new EncoderSettings("cpu", 1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is missing");

        Map<String, float[]> other = nudgedWeights();
        other.values().iterator().next()[0] += 1f;
        EncoderWeights.write(model.resolve(EncoderWeights.FILE), other);
        assertThatThrownBy(() -> TechniqueTagger.load(model, new EncoderSettings("cpu", 1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("different trainings");
    }
}
