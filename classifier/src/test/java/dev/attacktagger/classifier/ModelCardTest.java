package dev.attacktagger.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.Technique;

class ModelCardTest {

    private final ModelCard card = ReleasedModel.tagger().card();

    @Test
    void shouldListEveryActiveTechniqueOnce() {
        assertThat(card.attackVersion()).isEqualTo("18.1");
        assertThat(card.techniques()).hasSize(691);
        Set<String> ids = new HashSet<>();
        for (ModelCard.TechniqueEntry entry : card.techniques()) {
            assertThat(ids.add(entry.id())).as("listed once: %s", entry.id()).isTrue();
            assertThat(entry.threshold()).isBetween(0.0, 1.0);
            assertThat(entry.name()).isNotBlank();
            assertThat(entry.tactics()).isNotEmpty();
        }
    }

    @Test
    void shouldCarryValidationFiguresAndReleaseOnlyMeasuredTechniques() {
        assertThat(card.validation())
                .containsKeys("documentMicroF1", "sentenceTop1", "expectedCalibrationError", "released");
        assertThat(((Number) card.validation().get("released")).longValue()).isEqualTo(card.releasedCount());
        assertThat(card.techniques())
                .filteredOn(ModelCard.TechniqueEntry::released)
                .allSatisfy(entry -> {
                    assertThat(entry.support()).isPositive();
                    assertThat(entry.precision()).isNotNull();
                });
    }

    @Test
    void shouldNeedNoBundleAndNoEncoderCopyInTheFolder() throws Exception {
        // A model whose encoder was fine-tuned carries the tuned top layers only, never the whole encoder.
        boolean tuned = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ReleasedModel.DIR.resolve("model.json").toFile())
                .has("encoderTuning");
        java.util.List<String> expected = new java.util.ArrayList<>(
                java.util.List.of("model.json", "head.onnx", "attack-facts.json", "MODEL_CARD.md"));
        if (tuned) {
            expected.add("encoder-weights.bin");
        }
        if (new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ReleasedModel.DIR.resolve("model.json").toFile())
                .has("neighbours")) {
            expected.add(dev.attacktagger.classifier.head.NeighbourVotes.FILE);
        }
        try (var files = Files.list(ReleasedModel.DIR)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
        long bytes = 0;
        try (var files = Files.list(ReleasedModel.DIR)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().equals(dev.attacktagger.classifier.head.NeighbourVotes.FILE)) {
                    // One int8 vector of 384 values and its techniques per annotated sentence: about 4 MB for 10,000.
                    assertThat(Files.size(file)).isLessThan(8L * 1024 * 1024);
                } else {
                    bytes += Files.size(file);
                }
            }
        }
        // The shipped encoder alone is about 90 MB; two tuned layers of it are about 14 MB.
        assertThat(bytes).isLessThan((tuned ? 24L : 8L) * 1024 * 1024);
    }

    @Test
    void shouldDescribeTheEncoderAndHeadTheModelRuns() throws Exception {
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ReleasedModel.DIR.resolve("model.json").toFile());
        dev.attacktagger.classifier.encoder.EncoderSpec spec = dev.attacktagger.classifier.encoder.EncoderSpec.byId(
                        card.encoder())
                .orElseThrow();
        int batchSize = dev.attacktagger.classifier.encoder.OnnxSentenceEncoder.batchSize(
                dev.attacktagger.classifier.encoder.OnnxSentenceEncoder.graph(spec));
        String markdown = Files.readString(ReleasedModel.DIR.resolve("MODEL_CARD.md"));
        String encoderRow = markdown.lines()
                .filter(line -> line.startsWith("| encoder |"))
                .findFirst()
                .orElseThrow();
        String headRow = markdown.lines()
                .filter(line -> line.startsWith("| head |"))
                .findFirst()
                .orElseThrow();

        assertThat(json.path("encoderArtifact").asText()).isEqualTo(spec.artifact());
        assertThat(json.path("encoderBatchSize").asInt()).isEqualTo(batchSize);
        assertThat(encoderRow).contains("`" + spec.id() + "`", spec.artifact());
        assertThat(encoderRow.contains("one sentence per run")).isEqualTo(batchSize == 1);
        String firstLayer = json.path("head").path("layers").get(0).asText();
        assertThat(headRow).contains(firstLayer.replace("x", " → "));
    }

    @Test
    void shouldMatchTheActiveTechniquesOfTheBundle() {
        String data = System.getProperty("attacktagger.data");
        Path bundle = data == null ? null : Path.of(data, "attack", "enterprise-attack-18.1.json.gz");
        assumeTrue(bundle != null && Files.isRegularFile(bundle), "no ATT&CK bundle under attacktagger.data");
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(bundle);

        assertThat(card.techniques())
                .extracting(ModelCard.TechniqueEntry::id)
                .containsExactlyElementsOf(
                        kb.activeTechniques().stream().map(Technique::id).toList());
    }
}
