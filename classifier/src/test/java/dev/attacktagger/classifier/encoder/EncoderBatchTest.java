package dev.attacktagger.classifier.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.EncoderSettings;

class EncoderBatchTest {

    private static final String SENTENCE = "The loader wrote a minidump of the LSASS process to a temporary folder.";

    @Test
    void shouldRunOneSentenceAtATimeExactlyTheGraphsThatQuantiseActivationsPerBatch() {
        assertThat(OnnxGraphEditor.operatorCounts(OnnxSentenceEncoder.graph(EncoderSpec.E5_SMALL_V2_Q)))
                .containsKey("DynamicQuantizeLinear");
        assertThat(OnnxGraphEditor.operatorCounts(OnnxSentenceEncoder.graph(EncoderSpec.ALL_MINILM_L6_V2)))
                .doesNotContainKey("DynamicQuantizeLinear")
                .containsKey("MatMul");

        assertThat(OnnxSentenceEncoder.batchSize(OnnxSentenceEncoder.graph(EncoderSpec.E5_SMALL_V2_Q)))
                .isEqualTo(1);
        assertThat(OnnxSentenceEncoder.batchSize(OnnxSentenceEncoder.graph(EncoderSpec.BGE_SMALL_EN_V15_Q)))
                .isEqualTo(1);
        assertThat(OnnxSentenceEncoder.batchSize(OnnxSentenceEncoder.graph(EncoderSpec.ALL_MINILM_L6_V2)))
                .isEqualTo(32);
    }

    @Test
    void shouldGiveAnInt8EncodersSentenceTheSameVectorWhateverIsEncodedBesideIt() {
        try (OnnxSentenceEncoder encoder =
                OnnxSentenceEncoder.open(EncoderSpec.E5_SMALL_V2_Q, new EncoderSettings("cpu", 1, 1))) {
            assertThat(encoder.batchSize()).isEqualTo(1);
            float[] alone = encoder.encode(List.of(SENTENCE))[0];
            List<String> crowded = new ArrayList<>();
            crowded.add("Short.");
            crowded.add(SENTENCE);
            crowded.add("A much longer sentence about scheduled tasks, registry run keys and services that the actor"
                    + " created on every host it reached, with values far larger than anything else in the text.");
            float[] among = encoder.encode(crowded)[1];

            assertThat(among).containsExactly(alone);
        }
    }

    @Test
    void shouldEncodeSentencesSideBySideEachInItsPlace() throws Exception {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            sentences.add("Step " + i + ": the operator ran " + "whoami ".repeat(1 + i % 5) + "on host " + i + ".");
        }
        try (OnnxSentenceEncoder encoder =
                OnnxSentenceEncoder.open(EncoderSpec.E5_SMALL_V2_Q, new EncoderSettings("cpu", 2, 1))) {
            List<String> backwardsInput = new ArrayList<>(sentences);
            java.util.Collections.reverse(backwardsInput);
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<float[][]> reversed = other.submit(() -> encoder.encode(backwardsInput));
                float[][] together = encoder.encode(sentences);
                float[][] backwards = reversed.get();

                for (int i = 0; i < sentences.size(); i++) {
                    float[] alone = encoder.encode(List.of(sentences.get(i)))[0];
                    assertThat(together[i]).as("sentence %d", i).containsExactly(alone);
                    assertThat(backwards[sentences.size() - 1 - i])
                            .as("sentence %d", i)
                            .containsExactly(alone);
                }
            } finally {
                other.shutdownNow();
            }
        }
    }

    @Test
    void shouldGiveAFloatEncodersSentenceTheSameVectorToRoundingWhateverIsEncodedBesideIt() {
        try (OnnxSentenceEncoder encoder =
                OnnxSentenceEncoder.open(EncoderSpec.ALL_MINILM_L6_V2, new EncoderSettings("cpu", 1, 1))) {
            float[] alone = encoder.encode(List.of(SENTENCE))[0];
            float[] among = encoder.encode(List.of("Short.", SENTENCE, SENTENCE + " " + SENTENCE))[1];

            for (int i = 0; i < alone.length; i++) {
                assertThat(among[i]).isCloseTo(alone[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }
}
