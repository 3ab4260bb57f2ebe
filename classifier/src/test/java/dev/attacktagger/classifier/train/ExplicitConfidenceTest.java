package dev.attacktagger.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ExplicitConfidenceTest {

    /** Techniques 0 and 1 are parents; 2 is a sub-technique of 1; 3 stands alone. */
    private static final int[] PARENTS = {-1, -1, 1, -1};

    private static Corpus.Document report(Set<Integer> ignored) {
        return new Corpus.Document("report", "r", "", List.of(), Set.of(), ignored);
    }

    @Test
    void shouldGiveWrittenIdsTheShareTheReportsAnnotateRoundedDown() {
        // Report 0 writes 0 (annotated) and 3 (not annotated); report 1 writes 1, whose sub-technique 2 it annotates,
        // and 3, which its annotators did not look for.
        List<Corpus.Document> documents = List.of(report(Set.of()), report(Set.of(3)));
        List<boolean[]> truths =
                List.of(new boolean[] {true, false, false, false}, new boolean[] {false, false, true, false});
        List<boolean[]> explicits =
                List.of(new boolean[] {true, false, false, true}, new boolean[] {false, true, false, true});

        double confidence = Trainer.explicitConfidence(List.of(0, 1), documents, truths, explicits, PARENTS);

        // Three written ids judged (the ignored one is not), two right: 0.667, rounded down to 0.65.
        assertThat(confidence).isEqualTo(0.65, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Trainer.explicitConfidence(List.of(0), documents, truths, explicits, PARENTS))
                .isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldRefuseReportsThatWriteNoId() {
        List<Corpus.Document> documents = List.of(report(Set.of()));
        assertThatThrownBy(() -> Trainer.explicitConfidence(
                        List.of(0),
                        documents,
                        List.of(new boolean[] {true, false, false, false}),
                        List.of(new boolean[4]),
                        PARENTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no report writes an ATT&CK id");
    }
}
