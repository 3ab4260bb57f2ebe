package dev.attacktagger.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TuningTest {

    private static final double BAR = 0.4;

    /** A pseudo-report over two techniques: 0 is a parent, 1 its sub-technique. */
    private static Tuning.Scored document(double parent, double child, boolean parentTrue, boolean childTrue) {
        boolean[] truth = {parentTrue, childTrue};
        boolean[] implied = {childTrue, false};
        return new Tuning.Scored(
                "procedures", "actor", new double[] {parent, child}, truth, new boolean[2], new boolean[2], implied);
    }

    private static Tuning.Decision tune(List<Tuning.Scored> documents) {
        return Tuning.tune(documents, List.of(), 2, 2, 0.5, BAR);
    }

    @Test
    void shouldMoveToTheNearestThresholdThatMeetsThePrecisionBar() {
        List<Tuning.Scored> documents = new ArrayList<>();
        documents.add(document(0.6, 0, true, false));
        documents.add(document(0.6, 0, true, false));
        for (int i = 0; i < 4; i++) {
            documents.add(document(0.31, 0, false, false));
        }

        Tuning.Decision decision = tune(documents);

        // At the shared threshold (the lowest, with no reports to choose it on) 2 of 6 tags are right: below the bar.
        assertThat(decision.globalThreshold()).isCloseTo(0.05, within(1e-9));
        assertThat(decision.thresholds()[0]).isCloseTo(0.325, within(1e-9));
        assertThat(decision.released()[0]).isTrue();
        assertThat(decision.precision()[0]).isEqualTo(1.0);
        assertThat(decision.recall()[0]).isEqualTo(1.0);
        assertThat(decision.support()[0]).isEqualTo(2);
    }

    @Test
    void shouldNotCountTheParentWrongWhereItsSubTechniqueIsTrue() {
        List<Tuning.Scored> documents = new ArrayList<>();
        documents.add(document(0.9, 0, true, false));
        documents.add(document(0.9, 0, true, false));
        for (int i = 0; i < 4; i++) {
            documents.add(document(0.9, 0.9, false, true));
        }

        Tuning.Decision decision = tune(documents);

        assertThat(decision.released()[0]).isTrue();
        assertThat(decision.precision()[0]).isEqualTo(1.0);
    }

    @Test
    void shouldHoldBackAParentThatIsWrongWithoutAnySubTechniqueTrue() {
        List<Tuning.Scored> documents = new ArrayList<>();
        documents.add(document(0.9, 0, true, false));
        documents.add(document(0.9, 0, true, false));
        for (int i = 0; i < 4; i++) {
            documents.add(document(0.9, 0, false, false));
        }

        Tuning.Decision decision = tune(documents);

        // 2 right of 6 at every threshold: no threshold meets the bar.
        assertThat(decision.released()[0]).isFalse();
        assertThat(decision.precision()[0]).isCloseTo(2.0 / 6, within(1e-9));
    }

    @Test
    void shouldHoldBackATechniqueWithTooLittleSupport() {
        List<Tuning.Scored> documents = List.of(document(0.9, 0, true, false), document(0, 0, false, false));

        Tuning.Decision decision = tune(documents);

        assertThat(decision.support()[0]).isEqualTo(1);
        assertThat(decision.released()[0]).isFalse();
    }
}
