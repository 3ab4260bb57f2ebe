package dev.attacktagger.classifier.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeighbourVotesTest {

    private static final int TECHNIQUES = 4;

    /** Two annotated sentences near the first axis (technique 0), two near the second (techniques 1 and 2, and 1). */
    private static final List<float[]> VECTORS =
            List.of(unit(1f, 0.1f, 0f, 0f), unit(1f, 0f, 0.1f, 0f), unit(0f, 1f, 0.1f, 0f), unit(0.1f, 1f, 0f, 0f));

    private static final List<int[]> LABELS = List.of(new int[] {0}, new int[] {0}, new int[] {1, 2}, new int[] {1});

    @Test
    void shouldGiveTheVotesOfTheNearestNeighbours() {
        try (NeighbourVotes votes = neighbours(new NeighbourVotes.Settings(2, 20, 1))) {
            float[] nearFirst = votes.votes(new float[][] {unit(1f, 0.05f, 0.05f, 0f)})[0];
            assertThat(nearFirst[0]).isCloseTo(1f, within(1e-6f));
            assertThat(nearFirst[1] + nearFirst[2] + nearFirst[3]).isCloseTo(0f, within(1e-6f));

            // Near the second axis: one neighbour votes for 1 and 2 (half each), the other for 1 alone.
            float[] nearSecond = votes.votes(new float[][] {unit(0.05f, 1f, 0.05f, 0f)})[0];
            assertThat(nearSecond[1]).isBetween(0.7f, 0.8f);
            assertThat(nearSecond[2]).isBetween(0.2f, 0.3f);
            assertThat(nearSecond[0]).isZero();
            assertThat(nearSecond[1] + nearSecond[2]).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void shouldCountACloserNeighbourMoreWithAHigherSharpness() {
        float[][] between = {unit(1f, 0.8f, 0f, 0f)};
        try (NeighbourVotes flat = neighbours(new NeighbourVotes.Settings(4, 0, 1));
                NeighbourVotes sharp = neighbours(new NeighbourVotes.Settings(4, 50, 1))) {
            // With sharpness 0 the four neighbours count alike: technique 0 has two of the four votes.
            assertThat(flat.votes(between)[0][0]).isCloseTo(0.5f, within(1e-5f));
            assertThat(sharp.votes(between)[0][0]).isGreaterThan(0.99f);
        }
    }

    @Test
    void shouldTakeAllNeighboursWhenFewerThanKAreAnnotated() {
        try (NeighbourVotes votes = neighbours(new NeighbourVotes.Settings(50, 0, 1))) {
            float[] shares = votes.votes(new float[][] {unit(0f, 0f, 0f, 1f)})[0];
            assertThat(shares).containsExactly(new float[] {0.5f, 0.375f, 0.125f, 0f}, within(1e-5f));
        }
    }

    @Test
    void shouldRaiseScoresOnlyWhereNeighboursVoteAndStayAProbability() {
        try (NeighbourVotes votes = neighbours(new NeighbourVotes.Settings(2, 20, 0.5))) {
            float[][] head = {{0.2f, 0.9f, 0f, 0.4f}};
            float[][] blended = votes.blend(new float[][] {unit(1f, 0.05f, 0.05f, 0f)}, head);

            // Technique 0 has every vote: 1 - (1 - 0.2)(1 - 0.5).
            assertThat(blended[0][0]).isCloseTo(0.6f, within(1e-5f));
            // No neighbour shows the others: the head's scores stand, bit for bit.
            assertThat(blended[0][1]).isEqualTo(0.9f);
            assertThat(blended[0][2]).isEqualTo(0f);
            assertThat(blended[0][3]).isEqualTo(0.4f);
            assertThat(head[0]).containsExactly(0.2f, 0.9f, 0f, 0.4f);
        }
    }

    @Test
    void shouldBlendTheSameAfterAWriteAndARead(@TempDir Path dir) throws Exception {
        NeighbourVotes.Settings settings = new NeighbourVotes.Settings(3, 20, 0.5);
        float[][] sentences = {unit(0.3f, 0.7f, 0.2f, 0.1f), unit(0.9f, -0.2f, 0.1f, 0.3f)};
        float[][] head = {{0.1f, 0.2f, 0.3f, 0.4f}, {0.5f, 0.5f, 0.5f, 0.5f}};
        Path file = dir.resolve(NeighbourVotes.FILE);
        float[][] before;
        try (NeighbourVotes votes = neighbours(settings)) {
            votes.write(file);
            before = votes.blend(sentences, head);
        }
        try (NeighbourVotes read = NeighbourVotes.read(file, settings, TECHNIQUES, 1)) {
            assertThat(read.size()).isEqualTo(VECTORS.size());
            assertThat(read.blend(sentences, head)).isDeepEqualTo(before);
        }
        assertThatThrownBy(() -> NeighbourVotes.read(file, settings, TECHNIQUES + 1, 1))
                .hasMessageContaining("votes over 4 techniques, but the model has 5");
    }

    @Test
    void shouldRefuseNeighboursWithoutTechniquesAndSettingsOutOfRange() {
        assertThatThrownBy(() -> NeighbourVotes.of(
                        VECTORS.subList(0, 1),
                        List.of(new int[0]),
                        TECHNIQUES,
                        new NeighbourVotes.Settings(1, 1, 1),
                        1))
                .hasMessageContaining("no technique");
        assertThatThrownBy(() -> new NeighbourVotes.Settings(5, 20, 1.5)).hasMessageContaining("weight in [0, 1]");
    }

    private static NeighbourVotes neighbours(NeighbourVotes.Settings settings) {
        return NeighbourVotes.of(VECTORS, LABELS, TECHNIQUES, settings, 1);
    }

    private static float[] unit(float... values) {
        double norm = 0;
        for (float value : values) {
            norm += value * value;
        }
        float[] unit = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            unit[i] = (float) (values[i] / Math.sqrt(norm));
        }
        return unit;
    }
}
