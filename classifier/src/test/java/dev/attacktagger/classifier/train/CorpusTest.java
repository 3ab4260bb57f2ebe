package dev.attacktagger.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.text.SentenceSplitter;
import dev.attacktagger.kb.AttackKnowledgeBase;

/** How the training data are cut and weighed, on the real ATT&amp;CK bundle and TRAM corpus (skipped without them). */
class CorpusTest {

    private static Corpus corpus;

    @BeforeAll
    static void build() throws Exception {
        String data = System.getProperty("attacktagger.data");
        Path folder = data == null ? null : Path.of(data);
        assumeTrue(
                folder != null
                        && Files.isRegularFile(folder.resolve("attack/enterprise-attack-18.1.json.gz"))
                        && Files.isRegularFile(folder.resolve("tram/train-reports.jsonl.gz")),
                "no ATT&CK bundle and TRAM corpus under attacktagger.data");
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(folder.resolve("attack/enterprise-attack-18.1.json.gz"));
        corpus = Corpus.build(folder, kb, new SentenceSplitter(), 17);
    }

    private static int index(String id) {
        return corpus.index.get(id);
    }

    @Test
    void shouldJudgeAReportOnlyOnTheTechniquesItsAnnotatorsWorkedWith() {
        int techniques = corpus.facts.techniques().size();
        List<Corpus.Document> reports = new ArrayList<>();
        corpus.validation.stream().filter(d -> d.kind().equals("report")).forEach(reports::add);
        corpus.foldDocuments.forEach(documents -> documents.stream()
                .filter(d -> d.kind().equals("training report"))
                .forEach(reports::add));
        assertThat(reports).hasSizeGreaterThan(90);
        assertThat(corpus.tramTechniques).hasSizeBetween(40, 120).contains(index("T1105"));
        assertThat(corpus.tramTechniques).doesNotContain(index("T1059.001"));

        for (Corpus.Document report : reports) {
            Set<Integer> expected = new TreeSet<>();
            for (int t = 0; t < techniques; t++) {
                if (!corpus.tramTechniques.contains(t) && !report.labels().contains(t)) {
                    expected.add(t);
                }
            }
            assertThat(report.ignored()).as(report.title()).isEqualTo(expected);
        }
        // Pseudo-reports of actors keep their own rule: the actor's other techniques only.
        assertThat(corpus.validation.stream().filter(d -> d.kind().equals("procedures")))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.ignored()).doesNotContainAnyElementsOf(d.labels()));
    }

    @Test
    void shouldPredictTheReportPriorOfATechniqueTheReportsSayNothingAbout() {
        float[] priors = corpus.priors();
        float lowest = Float.MAX_VALUE;
        for (int t : corpus.tramTechniques) {
            lowest = Math.min(lowest, priors[t]);
        }
        // PowerShell is among the techniques with the most procedure examples; TRAM never annotates it, which says
        // nothing about how often reports describe it.
        int powerShell = index("T1059.001");
        assertThat(priors[powerShell]).isGreaterThan(lowest);
        int rare = index("T1593.003"); // Search Open Websites/Domains: Code Repositories, few procedure examples
        assertThat(priors[powerShell]).isGreaterThan(priors[rare]);
        for (float prior : priors) {
            assertThat(prior).isFinite();
        }
    }

    @Test
    void shouldGiveATechniqueTheReportsSayNothingAboutThePooledNameReliability() {
        float[] reliability = corpus.nameReliability();
        int powerShell = index("T1059.001");
        int other = index("T1593.003");
        assertThat(reliability[powerShell]).isEqualTo(reliability[other]).isBetween(0.05f, 0.95f);
        for (float value : reliability) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void shouldLabelATramSentenceWithATechniqueItNamesWhereTheNameStandsForIt() {
        dev.attacktagger.classifier.aggregate.MentionFinder finder =
                new dev.attacktagger.classifier.aggregate.MentionFinder(corpus.facts);
        int powerShell = index("T1059.001");
        int malware = index("T1587.001"); // Develop Capabilities: Malware, named by countless sentences of every kind
        List<Corpus.Example> tram =
                corpus.training.stream().filter(Corpus.Example::fromTram).toList();

        List<Corpus.Example> namingPowerShell = tram.stream()
                .filter(e -> finder.techniqueNames(e.text())[powerShell])
                .toList();
        assertThat(namingPowerShell).hasSizeGreaterThan(50);
        assertThat(namingPowerShell).allSatisfy(e -> assertThat(e.labels()).contains(powerShell));
        List<Corpus.Example> namingMalware = tram.stream()
                .filter(e -> finder.techniqueNames(e.text())[malware])
                .toList();
        assertThat(namingMalware).hasSizeGreaterThan(50);
        assertThat(namingMalware).allSatisfy(e -> assertThat(e.labels()).doesNotContain(malware));
        // TRAM's own techniques keep TRAM's annotation, named or not.
        assertThat(tram.stream().filter(e -> e.labels().length == 0)).isNotEmpty();
        assertThat(corpus.training.stream()
                        .filter(e -> !e.fromTram() && finder.techniqueNames(e.text())[powerShell])
                        .filter(e -> !contains(e.labels(), powerShell)))
                .as("procedure examples keep ATT&CK's labels")
                .isNotEmpty();
    }

    private static boolean contains(int[] values, int value) {
        return java.util.Arrays.stream(values).anyMatch(v -> v == value);
    }
}
