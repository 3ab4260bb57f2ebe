package dev.attacktagger.kb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void shouldReduceLinksAndDropCitations() {
        String markdown = " [Sample Tool](https://attack.mitre.org/software/S9999) has listed running "
                + "<code>cmd.exe</code> processes.(Citation: Some Vendor 2020)(Citation: Other 2021) ";

        assertThat(PlainText.fromMarkdown(markdown)).isEqualTo("Sample Tool has listed running cmd.exe processes.");
    }

    @Test
    void shouldKeepParagraphBreaks() {
        assertThat(PlainText.fromMarkdown("First.  \n\nSecond.")).isEqualTo("First.\n\nSecond.");
    }
}
