package dev.attacktagger.tag.report.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TagServiceTest {

    @Test
    void shouldWriteConfidenceAsFormatDoes() {
        Random random = new Random(11);
        double[] edges = {0, 1, 0.5, 0.00005, 0.00004999, 0.12345, 0.99995, 0.99994999, 0.15, 1e-9, 0.1 + 0.2};
        for (double value : edges) {
            assertThat(TagService.confidence(value)).isEqualTo(String.format(Locale.ROOT, "%.4f", value));
        }
        for (int i = 0; i < 100_000; i++) {
            double value = i % 2 == 0 ? random.nextDouble() : Math.round(random.nextDouble() * 100_000) / 100_000.0;
            assertThat(TagService.confidence(value))
                    .as("confidence %s", value)
                    .isEqualTo(String.format(Locale.ROOT, "%.4f", value));
        }
    }
}
