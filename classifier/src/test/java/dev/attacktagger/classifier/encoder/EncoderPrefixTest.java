package dev.attacktagger.classifier.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.EncoderSettings;

class EncoderPrefixTest {

    @Test
    void shouldPutTheEncodersPrefixBeforeEveryText() {
        EncoderSpec e5 = EncoderSpec.E5_SMALL_V2_Q;
        EncoderSpec withoutPrefix = new EncoderSpec(
                e5.id(), e5.artifact(), e5.modelResource(), e5.tokenizerResource(), e5.pooling(), e5.dimension(), "");
        String text = "The loader wrote a minidump of the LSASS process.";

        float[][] prefixed;
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(e5, new EncoderSettings("cpu", 1, 1))) {
            prefixed = encoder.encode(List.of(text, "Short."));
        }
        float[][] written;
        float[][] bare;
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(withoutPrefix, new EncoderSettings("cpu", 1, 1))) {
            written = encoder.encode(List.of(e5.prefix() + text, e5.prefix() + "Short."));
            bare = encoder.encode(List.of(text));
        }

        assertThat(e5.prefix()).isEqualTo("query: ");
        for (int row = 0; row < 2; row++) {
            for (int i = 0; i < e5.dimension(); i++) {
                assertThat(prefixed[row][i]).isCloseTo(written[row][i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        double cosine = 0;
        for (int i = 0; i < e5.dimension(); i++) {
            cosine += prefixed[0][i] * bare[0][i];
        }
        assertThat(cosine).isLessThan(0.9999);
    }
}
