package dev.attacktagger.tag.report.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

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
    void shouldCollapseWhitespaceAsTheUnicodeRegularExpressionDoes() {
        Pattern whitespace = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
        // Every code point of the Basic Multilingual Plane and a few beyond it, between two letters and in a run.
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0x10000; c++) {
            if (!Character.isSurrogate((char) c)) {
                all.append('a')
                        .appendCodePoint(c)
                        .append('b')
                        .appendCodePoint(c)
                        .appendCodePoint(c);
            }
        }
        all.appendCodePoint(0x1f600).append("\u2028\u2029\u3000 \u001c\u0085x");
        String text = all.toString();
        assertThat(ContentHash.collapseWhitespace(text))
                .isEqualTo(whitespace.matcher(text).replaceAll(" "));
    }

    @Test
    void shouldTellDifferentWordsApart() {
        assertThat(ContentHash.of("hello, world")).isNotEqualTo(HELLO_WORLD);
    }
}
