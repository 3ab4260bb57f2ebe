package dev.attacktagger.classify.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Utf8LengthTest {

    @Test
    void shouldCountUtf8BytesAsTheEncoderWould() {
        String text = "plain é 中 \uD83D\uDE00 end";

        assertThat(ClassificationService.utf8Length(text, 1_000))
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldStopCountingJustPastTheLimit() {
        assertThat(ClassificationService.utf8Length("a".repeat(100), 10)).isEqualTo(11);
    }
}
