package dev.attacktagger.classifier.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.attacktagger.classifier.ClassifyOptions;
import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.ReleasedModel;
import dev.attacktagger.classifier.TechniqueTag;
import dev.attacktagger.classifier.TechniqueTagger;
import dev.attacktagger.classifier.text.Sentence;

class ClausesTest {

    private static final String CHAINED = "Before the encryption the operators deleted every volume shadow copy with"
            + " vssadmin, disabled the recovery console with bcdedit, and removed the backup jobs from the backup server.";

    /**
     * A sentence of the ransomware sample under samples/ whose whole vector blends three actions so much that inhibiting
     * recovery scores low.
     */
    private static final String BLENDED =
            "About an hour before encryption the affiliate deleted the Volume Shadow Copies"
                    + " on every Windows server with vssadmin delete shadows /all /quiet, disabled Windows recovery with bcdedit,"
                    + " and logged into the backup console with the domain administrator's credentials to delete the backup jobs"
                    + " and their retention points.";

    @Test
    void shouldSplitALongChainedSentenceIntoItsClauses() {
        assertThat(Clauses.of(CHAINED))
                .containsExactly(
                        "Before the encryption the operators deleted every volume shadow copy with vssadmin",
                        "disabled the recovery console with bcdedit",
                        "and removed the backup jobs from the backup server.");
    }

    @Test
    void shouldLeaveShortSentencesAndShortPiecesWhole() {
        assertThat(Clauses.of("The loader, once started, read its configuration."))
                .isEmpty();
        // "in 2021" is too short to stand alone: it stays with the clause before it.
        assertThat(Clauses.of("The operators compressed every document they had collected from the file server, in"
                        + " 2021, and uploaded the archives to a storage account they controlled."))
                .containsExactly(
                        "The operators compressed every document they had collected from the file server, in 2021",
                        "and uploaded the archives to a storage account they controlled.");
    }

    @Test
    void shouldScoreEachSentenceWithTheBestOfItselfAndItsClauses() {
        List<Sentence> sentences =
                List.of(new Sentence(0, 5, "Short."), new Sentence(6, 6 + CHAINED.length(), CHAINED));
        assertThat(Clauses.texts(sentences)).hasSize(2 + 3).startsWith("Short.", CHAINED);
        float[][] scores = {{0.1f, 0.2f}, {0.3f, 0.1f}, {0.2f, 0.05f}, {0.1f, 0.6f}, {0.4f, 0.0f}};

        float[][] merged = Clauses.merge(sentences, scores);

        assertThat(merged[0]).containsExactly(0.1f, 0.2f);
        assertThat(merged[1]).containsExactly(0.4f, 0.6f);
        assertThatThrownBy(() -> Clauses.merge(sentences, new float[][] {{0f}, {0f}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldScoreClausesOnlyForAModelTrainedToDoSo(@TempDir Path copy) throws Exception {
        try (var files = Files.list(ReleasedModel.DIR)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode card = (ObjectNode) json.readTree(copy.resolve("model.json").toFile());
        boolean released = card.path("clauses").asBoolean(false);
        card.put("clauses", !released);
        json.writeValue(copy.resolve("model.json").toFile(), card);

        ClassifyOptions all = new ClassifyOptions(null, true, true);
        try (TechniqueTagger other = TechniqueTagger.load(copy, new EncoderSettings("cpu", 2, 1))) {
            TechniqueTagger withClauses = released ? ReleasedModel.tagger() : other;
            TechniqueTagger without = released ? other : ReleasedModel.tagger();
            float[] sentence = without.scoreSentences(List.of(BLENDED))[0];
            float[][] clauses = without.scoreSentences(Clauses.of(BLENDED));
            // The technique one of the clauses lifts the most above the whole sentence.
            int lifted = 0;
            float best = 0;
            for (int t = 0; t < sentence.length; t++) {
                for (float[] clause : clauses) {
                    if (clause[t] - sentence[t] > best - sentence[lifted]) {
                        lifted = t;
                        best = clause[t];
                    }
                }
            }
            String id = without.card().techniques().get(lifted).id();

            assertThat(best).as("a clause states %s more plainly", id).isGreaterThan(sentence[lifted] + 0.1f);
            assertThat(evidenceScore(withClauses, all, id)).isCloseTo(best, within(1e-6));
            assertThat(evidenceScore(without, all, id)).isCloseTo(sentence[lifted], within(1e-6));
        }
    }

    private static double evidenceScore(TechniqueTagger tagger, ClassifyOptions options, String id) {
        TechniqueTag tag = tagger.classify(BLENDED, options).techniques().stream()
                .filter(candidate -> candidate.id().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(tag.evidence()).as("evidence for %s", id).isNotEmpty();
        return tag.evidence().get(0).score();
    }
}
