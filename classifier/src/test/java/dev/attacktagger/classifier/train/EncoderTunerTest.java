package dev.attacktagger.classifier.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.encoder.EncoderSpec;
import dev.attacktagger.classifier.encoder.OnnxGraphEditor;
import dev.attacktagger.classifier.encoder.OnnxSentenceEncoder;

/** Fine-tunes the top layer of the real all-MiniLM-L6-v2 on a handful of self-written sentences. */
class EncoderTunerTest {

    private static final EncoderSpec SPEC = EncoderSpec.ALL_MINILM_L6_V2;

    private static List<Corpus.Example> examples() {
        String[][] byLabel = {
            {
                "The actor read passwords out of LSASS process memory.",
                "Credentials were dumped from the memory of lsass.exe.",
                "A tool copied the lsass process to disk to pull hashes from it.",
                "They scraped logon passwords from the memory of the security subsystem."
            },
            {
                "A scheduled task was created to run the backdoor every hour.",
                "Persistence came from a task registered with schtasks.",
                "The dropper added a scheduled job that starts the implant at logon.",
                "The malware relies on the Windows task scheduler to come back after a reboot."
            },
            {
                "The ransomware encrypted every document on the shares and asked for payment.",
                "Files on the victim's disks were locked with AES and a ransom note was left.",
                "Victims found their data encrypted and a demand for bitcoin.",
                "The payload encrypts user files and appends a new extension to them."
            }
        };
        List<Corpus.Example> examples = new ArrayList<>();
        for (int label = 0; label < byLabel.length; label++) {
            for (String text : byLabel[label]) {
                examples.add(new Corpus.Example(text, new int[] {label}, 1f, "test", 0));
            }
        }
        examples.add(new Corpus.Example("The report was published on a Tuesday.", new int[0], 1f, "test", 0));
        examples.add(new Corpus.Example("Thanks to the team for their help.", new int[0], 1f, "test", 0));
        return examples;
    }

    @Test
    void shouldReturnNewWeightsForTheTopLayerThatTheShippedGraphAccepts() throws Exception {
        EncoderTuner tuner = new EncoderTuner(SPEC, new EncoderTuner.Settings(1, 3, 4, 1e-3, 1e-2, 5), 2);

        Map<String, float[]> tuned = tuner.tune(examples(), 3, Set.of(0, 1, 2), example -> false);

        Map<String, OnnxGraphEditor.Tensor> shipped =
                OnnxGraphEditor.floatInitializers(OnnxSentenceEncoder.graph(SPEC));
        assertThat(tuned).hasSize(16).containsKey("encoder.layer.5.output.LayerNorm.weight");
        assertThat(tuned.keySet()).noneMatch(name -> name.startsWith("encoder.layer.4."));
        boolean changed = false;
        for (Map.Entry<String, float[]> entry : tuned.entrySet()) {
            float[] original = shipped.get(entry.getKey()).values();
            assertThat(entry.getValue()).hasSameSizeAs(original);
            changed |= !java.util.Arrays.equals(entry.getValue(), original);
        }
        assertThat(changed).as("training moved some weight").isTrue();

        List<String> sentences = List.of("Hashes were pulled from LSASS memory.");
        float[] before;
        float[] after;
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(SPEC, new EncoderSettings("cpu", 1, 1))) {
            before = encoder.encode(sentences)[0];
        }
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(SPEC, new EncoderSettings("cpu", 1, 1), tuned)) {
            after = encoder.encode(sentences)[0];
        }
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void shouldNotTeachThatAnUnannotatedReportSentenceDescribesNothing() throws Exception {
        // Sentences from reports annotated for the first two techniques only: they describe ransomware, which those
        // annotations say nothing about.
        List<Corpus.Example> examples = new ArrayList<>(examples());
        for (String text : List.of(
                "The ransomware then encrypted the file servers of the company.",
                "A ransom note told the victim how to pay for the decryption key.",
                "The encrypted files were renamed with a new extension by the ransomware.",
                "The group encrypted the hosts and demanded a ransom in bitcoin.")) {
            examples.add(new Corpus.Example(text, new int[0], 1f, "report negative", 0));
        }
        EncoderTuner.Settings settings = new EncoderTuner.Settings(1, 8, 4, 1e-3, 1e-2, 5);
        Map<String, float[]> asIfExhaustive =
                new EncoderTuner(SPEC, settings, 2).tune(examples, 3, Set.of(0, 1), example -> false);
        Map<String, float[]> asAnnotated =
                new EncoderTuner(SPEC, settings, 2).tune(examples, 3, Set.of(0, 1), Corpus.Example::fromTram);

        List<String> query = List.of(
                "Their ransomware locked the data on every workstation and asked for a payment to unlock it.",
                "The payload encrypts user files and appends a new extension to them.");
        double partly = similarity(asAnnotated, query);
        double all = similarity(asIfExhaustive, query);

        assertThat(partly)
                .as("ransomware sentences stay close together when the unlabelled ransomware sentences come from "
                        + "reports annotated for the other two techniques only")
                .isGreaterThan(all);
    }

    @Test
    void shouldKeepTheSentenceVectorsCloserToTheShippedOnesTheMoreWeightKeepingThemGets() throws Exception {
        List<Corpus.Example> examples = examples();
        Map<String, float[]> free = new EncoderTuner(SPEC, new EncoderTuner.Settings(1, 8, 4, 1e-3, 1e-2, 5, 0), 2)
                .tune(examples, 3, Set.of(0, 1, 2), example -> false);
        Map<String, float[]> kept = new EncoderTuner(SPEC, new EncoderTuner.Settings(1, 8, 4, 1e-3, 1e-2, 5, 20), 2)
                .tune(examples, 3, Set.of(0, 1, 2), example -> false);

        List<String> texts = examples.stream().map(Corpus.Example::text).toList();
        float[][] shipped;
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(SPEC, new EncoderSettings("cpu", 1, 1))) {
            shipped = encoder.encode(texts);
        }
        double freeDrift = drift(free, texts, shipped);
        double keptDrift = drift(kept, texts, shipped);

        assertThat(freeDrift).as("tuning without the term moves the vectors").isGreaterThan(0.01);
        assertThat(keptDrift).isLessThan(freeDrift / 2);
    }

    @Test
    void shouldTuneToTheSameWeightsTwice() throws Exception {
        EncoderTuner.Settings settings = new EncoderTuner.Settings(2, 3, 4, 1e-3, 1e-2, 5, 1);

        Map<String, float[]> first =
                new EncoderTuner(SPEC, settings, 2).tune(examples(), 3, Set.of(0, 1, 2), e -> false);
        Map<String, float[]> second =
                new EncoderTuner(SPEC, settings, 2).tune(examples(), 3, Set.of(0, 1, 2), e -> false);

        assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
        first.forEach((name, values) -> assertThat(java.util.Arrays.equals(second.get(name), values))
                .as("%s is the same bit for bit", name)
                .isTrue());
    }

    /** The mean of one minus the cosine similarity between each text's vector under these weights and as shipped. */
    private static double drift(Map<String, float[]> weights, List<String> texts, float[][] shipped) {
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(SPEC, new EncoderSettings("cpu", 1, 1), weights)) {
            float[][] vectors = encoder.encode(texts);
            double sum = 0;
            for (int t = 0; t < vectors.length; t++) {
                double dot = 0;
                for (int d = 0; d < vectors[t].length; d++) {
                    dot += vectors[t][d] * shipped[t][d];
                }
                sum += 1 - dot;
            }
            return sum / vectors.length;
        }
    }

    /** Cosine similarity of the two sentences' vectors under the encoder with these weights. */
    private static double similarity(Map<String, float[]> weights, List<String> sentences) {
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(SPEC, new EncoderSettings("cpu", 1, 1), weights)) {
            float[][] vectors = encoder.encode(sentences);
            double dot = 0;
            for (int d = 0; d < vectors[0].length; d++) {
                dot += vectors[0][d] * vectors[1][d];
            }
            return dot;
        }
    }

    @Test
    void shouldRefuseToTuneMoreLayersThanTheEncoderHas() {
        EncoderTuner tuner = new EncoderTuner(SPEC, new EncoderTuner.Settings(7, 1, 4, 1e-3, 1e-2, 5), 2);

        assertThatThrownBy(() -> tuner.tune(examples(), 3, Set.of(0, 1, 2), example -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 6 layers");
    }
}
