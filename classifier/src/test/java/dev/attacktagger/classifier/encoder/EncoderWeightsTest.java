package dev.attacktagger.classifier.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderWeightsTest {

    @TempDir
    Path dir;

    private static Map<String, float[]> weights() {
        Map<String, float[]> weights = new LinkedHashMap<>();
        weights.put("encoder.layer.5.output.dense.bias", new float[] {0.25f, -1.5f, 3e-7f});
        weights.put("onnx::MatMul_862", new float[] {1f, 2f, 3f, 4f});
        return weights;
    }

    @Test
    void shouldReadBackWhatWasWrittenInOrder() throws IOException {
        Path file = dir.resolve(EncoderWeights.FILE);
        EncoderWeights.write(file, weights());

        Map<String, float[]> read = EncoderWeights.read(file);

        assertThat(read.keySet()).containsExactly("encoder.layer.5.output.dense.bias", "onnx::MatMul_862");
        assertThat(read.get("encoder.layer.5.output.dense.bias")).containsExactly(0.25f, -1.5f, 3e-7f);
        assertThat(read.get("onnx::MatMul_862")).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void shouldTellWeightsApartByDigest() {
        Map<String, float[]> changed = weights();
        changed.get("onnx::MatMul_862")[3] = 4.0001f;

        assertThat(EncoderWeights.digest(weights())).isEqualTo(EncoderWeights.digest(weights()));
        assertThat(EncoderWeights.digest(changed)).isNotEqualTo(EncoderWeights.digest(weights()));
    }

    @Test
    void shouldRefuseAFileThatIsNotWeightsOrIsCutShort() throws IOException {
        Path other = dir.resolve("other.bin");
        Files.writeString(other, "not weights at all");
        assertThatThrownBy(() -> EncoderWeights.read(other))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an encoder weights file");

        Path whole = dir.resolve("whole.bin");
        EncoderWeights.write(whole, weights());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> EncoderWeights.read(cut))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cut short");
    }
}
