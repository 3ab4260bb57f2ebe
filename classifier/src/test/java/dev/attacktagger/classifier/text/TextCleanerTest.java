package dev.attacktagger.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextCleanerTest {

    @Test
    void shouldReplaceLigaturesAndFullWidthFormsByNfkc() {
        assertThat(TextCleaner.normalize("the ﬁle ﬂow and ＡＰＴ２８")).isEqualTo("the file flow and APT28");
    }

    @Test
    void shouldNormaliseLineBreaksSpacesAndBlankLines() {
        String raw = "\uFEFF  First\u00A0 line  \r\nsecond\tline\r\n\r\n\r\n\f third\u00ADword\u200B  \n\n";
        assertThat(TextCleaner.normalize(raw)).isEqualTo("First line\nsecond\tline\n\nthirdword");
    }

    @Test
    void shouldTurnPageBreakIntoBlankLine() {
        assertThat(TextCleaner.normalize("end of page\fnext page")).isEqualTo("end of page\n\nnext page");
    }

    @Test
    void shouldJoinWordHyphenatedAcrossLineWithoutHyphen() {
        assertThat(TextCleaner.joinHyphenatedLines("the mali-\ncious Power-\nShell script"))
                .isEqualTo("the malicious PowerShell script");
    }

    @Test
    void shouldKeepHyphenOfCompoundWhosePieceHasHyphen() {
        assertThat(TextCleaner.joinHyphenatedLines("a command-and-\ncontrol server"))
                .isEqualTo("a command-and-control server");
    }

    @Test
    void shouldKeepHyphenBeforeCapitalisedWordOrAfterAcronym() {
        assertThat(TextCleaner.joinHyphenatedLines("on pre-\nWindows systems and MS-\nDOS"))
                .isEqualTo("on pre-Windows systems and MS-DOS");
    }

    @Test
    void shouldKeepHyphenOfUsuallyHyphenatedPrefix() {
        assertThat(TextCleaner.joinHyphenatedLines("a self-\nsigned certificate"))
                .isEqualTo("a self-signed certificate");
    }

    @Test
    void shouldFollowHowTheTextWritesTheWordElsewhere() {
        assertThat(TextCleaner.joinHyphenatedLines("The e-\nmail came first. Each e-mail carried a link."))
                .isEqualTo("The e-mail came first. Each e-mail carried a link.");
        assertThat(TextCleaner.joinHyphenatedLines("Run MS-\nDOS tools. MSDOS is old."))
                .isEqualTo("Run MSDOS tools. MSDOS is old.");
    }

    @Test
    void shouldLeaveOtherLineBreaksAlone() {
        String text = "a list -\nNext line\nversion 2-\n3 and x86-\n64";
        assertThat(TextCleaner.joinHyphenatedLines(text)).isEqualTo(text);
    }

    @Test
    void shouldRemoveRepeatedHeadersFootersAndPageNumbers() {
        List<String> pages = List.of(
                "ACME Threat Report\nTLP:CLEAR\nFirst page body.\nPage 1 of 3",
                "ACME Threat Report\nTLP:CLEAR\nSecond page body.\nPage 2 of 3",
                "3 of 3 Page\nThird page body.\nTLP:CLEAR");
        assertThat(TextCleaner.removeRepeatedHeadersAndFooters(pages))
                .containsExactly("First page body.", "Second page body.", "Third page body.");
    }

    @Test
    void shouldKeepLinesThatRepeatOnFewPages() {
        List<String> pages = List.of("Intro\nalpha", "Intro\nbeta", "gamma\ndelta", "epsilon\nzeta", "eta\ntheta");
        assertThat(TextCleaner.removeRepeatedHeadersAndFooters(pages)).isEqualTo(pages);
    }

    @Test
    void shouldKeepSinglePage() {
        assertThat(TextCleaner.removeRepeatedHeadersAndFooters(List.of("Title\nbody\n1")))
                .containsExactly("Title\nbody\n1");
    }

    @Test
    void shouldCleanMarkdownSyntax() {
        String markdown = "# Operation Example #\n\nThe actor used **PowerShell** and _rundll32_ to run `cmd.exe`.\n"
                + "> Quoted ~~old~~ text with a [link](https://example.com/a_(b)) and ![a chart](c.png).\n"
                + "---\n| a | b |\n|---|---|\n| 1 | 2 |\n```\nwhoami /all\n```\n- item with snake_case_name\n";
        assertThat(TextCleaner.normalize(TextCleaner.cleanMarkdown(markdown)))
                .isEqualTo("Operation Example\n\nThe actor used PowerShell and rundll32 to run cmd.exe.\n"
                        + "Quoted old text with a link and a chart.\n\n| a | b |\n\n| 1 | 2 |\n\nwhoami /all\n\n"
                        + "- item with snake_case_name");
    }

    @Test
    void shouldKeepTheAddressOfALinkToAnAttackTechniqueThatItsTextDoesNotName() {
        String markdown = "Logs were cleared ([indicator removal](https://attack.mitre.org/techniques/T1070/001/)), "
                + "see [T1059.001](https://attack.mitre.org/techniques/T1059/001/) and [a blog](https://example.com/x).";

        assertThat(TextCleaner.cleanMarkdown(markdown).strip())
                .isEqualTo("Logs were cleared (indicator removal (https://attack.mitre.org/techniques/T1070/001/)), "
                        + "see T1059.001 and a blog.");
    }

    @Test
    void shouldFindMarkdownTitle() {
        assertThat(TextCleaner.markdownTitle("intro\n## The *Title*\n# Later")).isEqualTo("The Title");
        assertThat(TextCleaner.markdownTitle("no heading")).isNull();
    }
}
