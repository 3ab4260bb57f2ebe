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
