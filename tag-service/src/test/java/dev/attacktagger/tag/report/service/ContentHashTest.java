package dev.attacktagger.tag.report.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentHashTest {

    /** SHA-256 of {@code hello world}. */
    private static final String HELLO_WORLD = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    @Test
    void shouldHashTheNormalisedText() {
        assertThat(ContentHash.of("hello world")).isEqualTo(HELLO_WORLD);
    }

    @Test
    void shouldIgnoreCaseWidthAndWhitespaceRuns() {
        assertThat(ContentHash.of("  HELLO\u00a0\t\n  ｗｏｒｌｄ \u2003")).isEqualTo(HELLO_WORLD);
    }

    @Test
    void shouldTellDifferentWordsApart() {
        assertThat(ContentHash.of("hello, world")).isNotEqualTo(HELLO_WORLD);
    }
}
