package dev.attacktagger.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.head.OnnxHeadWriter;
import dev.attacktagger.classifier.head.SentenceHead;

class HeadExportTest {

    private static float[] random(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian() * 0.3f;
        }
        return values;
    }

    @Test
    void shouldGiveTrainerNumbersThroughOnnxRuntimeForLinearHead() {
        Random random = new Random(11);
        List<OnnxHeadWriter.Dense> layers =
                List.of(new OnnxHeadWriter.Dense(8, 5, random(random, 40), random(random, 5)));

        assertSameNumbers(layers, random, 8);
    }

    @Test
    void shouldGiveTrainerNumbersThroughOnnxRuntimeForTwoLayerHead() {
        Random random = new Random(12);
        List<OnnxHeadWriter.Dense> layers = List.of(
                new OnnxHeadWriter.Dense(6, 4, random(random, 24), random(random, 4)),
                new OnnxHeadWriter.Dense(4, 3, random(random, 12), random(random, 3)));

        assertSameNumbers(layers, random, 6);
    }

    private static void assertSameNumbers(List<OnnxHeadWriter.Dense> layers, Random random, int inputs) {
        float[][] x = new float[7][];
        for (int i = 0; i < x.length; i++) {
            x[i] = random(random, inputs);
        }
        try (SentenceHead head = SentenceHead.load(OnnxHeadWriter.encode(layers, "test"), 1, "test head")) {
            assertThat(head.inputs()).isEqualTo(inputs);
            assertThat(head.outputs()).isEqualTo(layers.get(layers.size() - 1).outputs());
            float[][] onnx = head.predict(x);
            for (int i = 0; i < x.length; i++) {
                float[] java = HeadTrainer.predict(layers, x[i]);
                for (int o = 0; o < java.length; o++) {
                    assertThat(onnx[i][o]).isCloseTo(java[o], org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
    }

    @Test
    void shouldGiveOnRawInputsWhatTheStandardisedLayerGaveOnStandardisedOnes() {
        Random random = new Random(13);
        float[][] x = new float[50][];
        for (int r = 0; r < x.length; r++) {
            x[r] = random(random, 6);
            x[r][2] += 4f; // one dimension far from zero, as in a sentence encoder's narrow cone
            x[r][5] *= 0.01f; // and one that hardly varies
        }
        float[] mean = new float[6];
        float[] scale = new float[6];
        HeadTrainer.standardization(x, mean, scale);
        OnnxHeadWriter.Dense layer = new OnnxHeadWriter.Dense(6, 3, random(random, 18), random(random, 3));

        OnnxHeadWriter.Dense folded = HeadTrainer.folded(layer, mean, scale);

        double[] columnMean = new double[6];
        double[] columnSquares = new double[6];
        for (float[] row : x) {
            float[] standardized = new float[6];
            for (int i = 0; i < 6; i++) {
                standardized[i] = (row[i] - mean[i]) * scale[i];
                columnMean[i] += standardized[i] / x.length;
                columnSquares[i] += standardized[i] * standardized[i] / x.length;
            }
            float[] expected = HeadTrainer.predict(List.of(layer), standardized);
            float[] actual = HeadTrainer.predict(List.of(folded), row);
            for (int o = 0; o < 3; o++) {
                assertThat(actual[o]).isCloseTo(expected[o], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        for (int i = 0; i < 6; i++) {
            assertThat(columnMean[i]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(columnSquares[i]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void shouldFitSeparableLogisticDataDeterministically() {
        Random random = new Random(5);
        List<float[]> rows = new java.util.ArrayList<>();
        boolean[] labels = new boolean[400];
        for (int i = 0; i < labels.length; i++) {
            float a = (float) random.nextGaussian();
            rows.add(new float[] {a, (float) random.nextGaussian()});
            labels[i] = a + 0.3 * random.nextGaussian() > 0;
        }

        double[] weights = new double[labels.length];
        java.util.Arrays.fill(weights, 1.0);
        double[] first = LogisticFit.fit(rows, labels, weights, 1e-2);
        double[] second = LogisticFit.fit(rows, labels, weights, 1e-2);

        assertThat(first).containsExactly(second);
        assertThat(first[0]).isGreaterThan(2.0);
        assertThat(Math.abs(first[1])).isLessThan(0.5);
    }
}
