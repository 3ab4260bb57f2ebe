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
}
