package dev.attacktagger.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    private final SentenceSplitter splitter = new SentenceSplitter();

    private List<String> texts(String text) {
        List<Sentence> sentences = splitter.split(text);
        for (Sentence s : sentences) {
            assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
            assertThat(s.text()).isEqualTo(s.text().strip()).isNotEmpty();
        }
        return sentences.stream().map(Sentence::text).toList();
    }

    @Test
    void shouldSplitPlainSentencesWithExactOffsets() {
        String text = "  The actor sent a phishing email. It carried a macro!  Did it run? Yes.";
        List<Sentence> sentences = splitter.split(text);
        assertThat(sentences)
                .containsExactly(
                        new Sentence(2, 34, "The actor sent a phishing email."),
                        new Sentence(35, 54, "It carried a macro!"),
                        new Sentence(56, 67, "Did it run?"),
                        new Sentence(68, 72, "Yes."));
    }

    @Test
    void shouldReturnNothingForBlankText() {
        assertThat(splitter.split("")).isEmpty();
        assertThat(splitter.split(" \n\t\n ")).isEmpty();
    }

    @Test
    void shouldNotEndSentencesAtAbbreviations() {
        assertThat(texts("Tools, e.g. Mimikatz, were used. Next, i.e. Later, the actor left."))
                .containsExactly("Tools, e.g. Mimikatz, were used.", "Next, i.e. Later, the actor left.");
        assertThat(texts("Acme Inc. Security was hit in the U.S. Army network. See Fig. 3 for details."))
                .containsExactly("Acme Inc. Security was hit in the U.S. Army network.", "See Fig. 3 for details.");
        assertThat(texts("Dr. Smith and J. Doe wrote it. They agree."))
                .containsExactly("Dr. Smith and J. Doe wrote it.", "They agree.");
    }

    @Test
    void shouldEndSentenceAfterEtcFollowedByCapital() {
        assertThat(texts("It used PsExec, WMI, etc. The actor then left. It used RDP etc. and more."))
                .containsExactly("It used PsExec, WMI, etc.", "The actor then left.", "It used RDP etc. and more.");
    }

    @Test
    void shouldEndSentenceAfterTimeOfDayFollowedByCapital() {
        assertThat(texts("It ran at 3 p.m. Then it stopped at 4 a.m. on Sunday."))
                .containsExactly("It ran at 3 p.m.", "Then it stopped at 4 a.m. on Sunday.");
    }

    @Test
    void shouldNotEndSentencesInsideFileNamesDomainsAddressesAndVersions() {
        String text = "The loader ran cmd.exe and reached evil.example.com at 203.0.113.7 with v1.2 of the tool. "
                + "It weighed 3.5 MB. Version 2.0.1 followed.";
        assertThat(texts(text))
                .containsExactly(
                        "The loader ran cmd.exe and reached evil.example.com at 203.0.113.7 with v1.2 of the tool.",
                        "It weighed 3.5 MB.",
                        "Version 2.0.1 followed.");
    }

    @Test
    void shouldEndSentenceAfterAddressOrFileNameAtSentenceEnd() {
        assertThat(texts("It connected to 203.0.113.7. Then it ran cmd.exe. Done."))
                .containsExactly("It connected to 203.0.113.7.", "Then it ran cmd.exe.", "Done.");
    }

    @Test
    void shouldMakeEachBulletItemItsOwnSentence() {
        String text = "The actor used:\n- PowerShell to download the payload\n* Mimikatz for credentials\n"
                + "• scheduled tasks for persistence\n";
        assertThat(texts(text))
                .containsExactly(
                        "The actor used:",
                        "PowerShell to download the payload",
                        "Mimikatz for credentials",
                        "scheduled tasks for persistence");
    }

    @Test
    void shouldMakeEachNumberedItemItsOwnSentence() {
        String text = "Steps\n1. Open the document\n2) Enable macros\n(3) Wait for the beacon\na. Clean up";
        assertThat(texts(text))
                .containsExactly("Steps", "Open the document", "Enable macros", "Wait for the beacon", "Clean up");
    }

    @Test
    void shouldJoinBulletContinuationLines() {
        String text = "- The dropper writes a file to disk and\n  then launches it with rundll32\n- Next item";
        assertThat(texts(text))
                .containsExactly(
                        "The dropper writes a file to disk and\n  then launches it with rundll32", "Next item");
    }

    @Test
    void shouldSplitInlineBullets() {
        assertThat(texts("• Phishing • Valid accounts • Exploits"))
                .containsExactly("Phishing", "Valid accounts", "Exploits");
        assertThat(texts("Watch the logs.•    Inspect the traffic."))
                .containsExactly("Watch the logs.", "Inspect the traffic.");
    }

    @Test
    void shouldEndSentenceAtTableRowsAndHeadings() {
        String text = "Indicators\nType\tValue\nDomain\tevil.example.com\nHash | 44d88612fea8a8f36de82e1278abb02f\n"
                + "Initial Access Through Spearphishing\nThe actor sent emails.";
        assertThat(texts(text))
                .containsExactly(
                        "Indicators",
                        "Type\tValue",
                        "Domain\tevil.example.com",
                        "Hash | 44d88612fea8a8f36de82e1278abb02f",
                        "Initial Access Through Spearphishing",
                        "The actor sent emails.");
    }

    @Test
    void shouldMakeEachIndicatorLineItsOwnSentence() {
        String text = "443\na0e9f5d64349fb13191bc781f81f42e1\nopiransiuera[.]com\nCrimson RAT";
        assertThat(texts(text))
                .containsExactly("443", "a0e9f5d64349fb13191bc781f81f42e1", "opiransiuera[.]com", "Crimson RAT");
    }

    @Test
    void shouldContinueSentenceAfterLongTokenOnItsOwnLine() {
        String text = "After gaining access the actor changed the registry value\n"
                + "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\nto enable caching.";
        assertThat(texts(text)).containsExactly(text);
    }

    @Test
    void shouldJoinWrappedLinesOfOneSentence() {
        String text = "The actor used a PowerShell script that downloaded a second stage from a remote\n"
                + "server and executed it in memory to avoid writing files to the disk of the\n"
                + "victim. It then persisted.";
        assertThat(texts(text))
                .containsExactly(
                        "The actor used a PowerShell script that downloaded a second stage from a remote\n"
                                + "server and executed it in memory to avoid writing files to the disk of the\n"
                                + "victim.",
                        "It then persisted.");
    }

    @Test
    void shouldEndBlockAfterHeadingShorterThanTheParagraphLines() {
        String text = "Persistence through scheduled tasks and services\n"
                + "The actor created a task named Updater that runs the loader every hour, and it also\n"
                + "registered a service that starts the backdoor when the host boots up again. The end.";
        assertThat(texts(text))
                .containsExactly(
                        "Persistence through scheduled tasks and services",
                        "The actor created a task named Updater that runs the loader every hour, and it also\n"
                                + "registered a service that starts the backdoor when the host boots up again.",
                        "The end.");
    }

    @Test
    void shouldEndBlockAtShortLineAndBlankLine() {
        String text = "Summary\nThe campaign began in March.\n\nno punctuation here\n\nLast one";
        assertThat(texts(text))
                .containsExactly("Summary", "The campaign began in March.", "no punctuation here", "Last one");
    }

    @Test
    void shouldNotEndSentenceBeforeLowerCaseWord() {
        assertThat(texts("It took approx. five minutes. The end... or not. Wow! really."))
                .containsExactly("It took approx. five minutes.", "The end... or not.", "Wow! really.");
    }

    @Test
    void shouldKeepClosingQuotesWithTheSentence() {
        assertThat(texts("He wrote \"run it.\" Then (it ran.) Done."))
                .containsExactly("He wrote \"run it.\"", "Then (it ran.)", "Done.");
    }

    @Test
    void shouldSplitChineseSentences() {
        assertThat(texts("攻击者发送了钓鱼邮件。随后执行了脚本！")).containsExactly("攻击者发送了钓鱼邮件。", "随后执行了脚本！");
    }

    @Test
    void shouldCutOverlongSentenceAtSemicolonThenComma() {
        String clause = "the actor moved laterally to another host using stolen credentials";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            text.append(clause).append(i % 4 == 3 ? "; " : ", ");
        }
        text.append("and stopped.");
        List<Sentence> sentences = splitter.split(text.toString());
        assertThat(sentences).hasSizeGreaterThan(1);
        for (Sentence s : sentences) {
            assertThat(s.text().length()).isLessThanOrEqualTo(600);
        }
        assertThat(sentences.get(0).text()).endsWith(";");
        assertThat(sentences.get(sentences.size() - 1).text()).endsWith("and stopped.");
    }

    @Test
    void shouldCutOverlongSentenceWithoutPunctuationAtWhitespace() {
        String text = "word ".repeat(300).strip();
        texts(text);
        List<Sentence> sentences = splitter.split(text);
        assertThat(sentences).hasSize(3);
        assertThat(sentences)
                .allSatisfy(s -> assertThat(s.text()).startsWith("word").endsWith("word"));
        assertThat(sentences.get(0).text()).hasSize(599);
    }

    @Test
    void shouldCutUnbrokenRunAtTheLimit() {
        String text = "x".repeat(1300);
        List<Sentence> sentences = splitter.split(text);
        assertThat(sentences)
                .containsExactly(
                        new Sentence(0, 600, "x".repeat(600)),
                        new Sentence(600, 1200, "x".repeat(600)),
                        new Sentence(1200, 1300, "x".repeat(100)));
    }

    @Test
    void shouldDropSentencesWithoutLettersOrDigits() {
        assertThat(texts("---\n***\n•\nReal text.\n|---|---|")).containsExactly("Real text.");
    }

    @Test
    void shouldHandleWindowsLineEndingsAndPageBreaks() {
        assertThat(texts("Heading\r\nFirst page text\fSecond page text\r\n"))
                .containsExactly("Heading", "First page text", "Second page text");
    }

    @Test
    void shouldKeepOffsetsExactOnRandomText() {
        Random random = new Random(42);
        String alphabet = "abcdefgh ABC..!?\n\n-•1;,:\t|()\"e.g.";
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(1500);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            int previousEnd = 0;
            for (Sentence s : splitter.split(text)) {
                assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
                assertThat(s.text()).isEqualTo(s.text().strip());
                assertThat(s.start()).isGreaterThanOrEqualTo(previousEnd);
                assertThat(s.text().length()).isLessThanOrEqualTo(600);
                previousEnd = s.end();
            }
        }
    }

    @Test
    void shouldRejectTooSmallLimit() {
        assertThatThrownBy(() -> new SentenceSplitter(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLength must be at least 20, was 5");
    }
}
