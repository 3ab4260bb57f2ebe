package dev.attacktagger.classifier.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.model.Aggregation;
import dev.attacktagger.classifier.model.AttackFacts;

class DocumentFeaturesTest {

    /** T1000 and T2000 are unrelated parents; T1000.001 is a sub-technique of T1000. */
    private static final List<AttackFacts.TechniqueFact> TECHNIQUES = List.of(
            new AttackFacts.TechniqueFact("T1000", "First", List.of("execution"), null),
            new AttackFacts.TechniqueFact("T1000.001", "First Sub", List.of("execution"), "T1000"),
            new AttackFacts.TechniqueFact("T2000", "Second", List.of("persistence"), null),
            new AttackFacts.TechniqueFact("T3000", "Third", List.of("impact"), null));

    private static final int[][] FAMILY = {{1}, {0}, {}, {}};

    /** Five tools use T1000; four of them also T2000 and T1000.001, one also T3000. */
    private static AttackFacts facts() {
        List<AttackFacts.SoftwareFact> software = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> uses = new ArrayList<>(List.of("T1000"));
            if (i < 4) {
                uses.add("T2000");
                uses.add("T1000.001");
            } else {
                uses.add("T3000");
            }
            software.add(new AttackFacts.SoftwareFact("S000" + i, List.of("Tool" + i), uses));
        }
        return new AttackFacts("18.1", TECHNIQUES, Map.of(), Set.of(), software);
    }

    @Test
    void shouldImplyTechniquesThatSoftwareUsesTogether() {
        Cooccurrence cooccurrence = Cooccurrence.of(facts(), FAMILY);

        float[] implied = cooccurrence.implied(new float[] {0.9f, 0f, 0f, 0f});

        assertThat(implied[2]).isCloseTo(0.9f * 4 / 5, within(1e-6f));
        assertThat(implied[3]).isCloseTo(0.9f / 5, within(1e-6f));
        assertThat(implied[0]).as("a technique does not imply itself").isZero();
        assertThat(implied[1]).as("the family has its own feature").isZero();
    }

    @Test
    void shouldImplyNothingFromWeakScoresOrRarelyUsedTechniques() {
        Cooccurrence cooccurrence = Cooccurrence.of(facts(), FAMILY);

        assertThat(cooccurrence.implied(new float[] {0.1f, 0f, 0f, 0f})).containsOnly(0f);
        // T2000 is used by four tools only, fewer than the five a share needs.
        assertThat(cooccurrence.implied(new float[] {0f, 0f, 0.9f, 0f})).containsOnly(0f);
    }

    @Test
    void shouldGiveEachTechniqueItsShareOfItsBestSentence() {
        float[][] scores = {
            {0.8f, 0.1f, 0.4f, 0.0f},
            {0.2f, 0.5f, 0.9f, 0.0f},
        };
        float[][] features = DocumentFeatures.compute(
                scores,
                4,
                new boolean[4],
                new float[4],
                new boolean[4],
                FAMILY,
                new float[4],
                Cooccurrence.of(facts(), FAMILY));
        int share = DocumentFeatures.NAMES.indexOf("bestSentenceShare");
        int implied = DocumentFeatures.NAMES.indexOf("cooccurrenceLogit");

        assertThat(features[0][share]).as("best in its best sentence").isCloseTo(0f, within(1e-6f));
        assertThat(features[1][share]).isCloseTo((float) Math.log(0.5 / 0.9), within(1e-6f));
        assertThat(features[2][share]).isCloseTo(0f, within(1e-6f));
        assertThat(features[3][share]).as("never scored").isCloseTo((float) Math.log(1e-3), within(1e-6f));
        assertThat(features[2][implied]).isCloseTo(DocumentFeatures.logit(0.8f * 4 / 5), within(1e-5f));
        for (float[] row : features) {
            assertThat(row).hasSize(DocumentFeatures.NAMES.size());
        }
    }

    @Test
    void shouldDecideAsBeforeWhenAModelReadsFewerFeaturesThanAreComputed() {
        Aggregation older = new Aggregation(
                List.of("maxLogit", "reportPrior"),
                new double[] {1.5, 0.5},
                -2.0,
                0.95,
                0.3,
                3,
                new float[4],
                new float[4]);
        float[] row = new float[DocumentFeatures.NAMES.size()];
        java.util.Arrays.fill(row, 7f);
        row[DocumentFeatures.NAMES.indexOf("maxLogit")] = 2f;
        row[DocumentFeatures.NAMES.indexOf("reportPrior")] = -1f;

        Aggregation aligned = older.aligned(DocumentFeatures.NAMES);

        assertThat(aligned.confidence(row)).isCloseTo(1 / (1 + Math.exp(-(1.5 * 2 - 0.5 - 2.0))), within(1e-12));
        assertThat(aligned.features()).isEqualTo(DocumentFeatures.NAMES);
        assertThatThrownBy(() -> older.aligned(List.of("maxLogit")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reportPrior");
    }
}
