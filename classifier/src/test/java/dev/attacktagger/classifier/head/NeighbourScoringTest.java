package dev.attacktagger.classifier.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classifier.ReleasedModel;
import dev.attacktagger.classifier.TechniqueTagger;

/** The released model's annotated neighbours, as a tagger loads and applies them. */
class NeighbourScoringTest {

    /** Written for this test, in the way reports describe Registry Run Keys / Startup Folder (T1547.001). */
    private static final String SENTENCE =
            "The dropper copies itself into the startup folder so it runs at every logon.";

    @Test
    void shouldRaiseTheHeadsScoresWhereNeighboursVoteAndNeverLowerThem(@TempDir Path copy) throws Exception {
        try (var files = Files.list(ReleasedModel.DIR)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode card = (ObjectNode) json.readTree(copy.resolve("model.json").toFile());
        assertThat(card.has("neighbours"))
                .as("the released model votes with neighbours")
                .isTrue();
        card.remove("neighbours");
        json.writeValue(copy.resolve("model.json").toFile(), card);

        float[] withNeighbours = ReleasedModel.tagger().scoreSentences(List.of(SENTENCE))[0];
        float[] headAlone;
        try (TechniqueTagger head = TechniqueTagger.load(copy, new EncoderSettings("cpu", 2, 1))) {
            headAlone = head.scoreSentences(List.of(SENTENCE))[0];
        }

        int raised = 0;
        for (int t = 0; t < headAlone.length; t++) {
            assertThat(withNeighbours[t]).isBetween(headAlone[t], 1f);
            if (withNeighbours[t] > headAlone[t] + 0.01f) {
                raised++;
            }
        }
        // Twenty neighbours vote, so a few techniques rise, not the whole list.
        assertThat(raised).as("techniques the neighbours raise").isBetween(1, 20);
        int startup = ReleasedModel.tagger().card().techniques().stream()
                .map(ModelCard.TechniqueEntry::id)
                .toList()
                .indexOf("T1547.001");
        assertThat(withNeighbours[startup]).isGreaterThan(headAlone[startup]);
        assertThat(argmax(withNeighbours)).isEqualTo(startup);
    }

    private static int argmax(float[] scores) {
        int best = 0;
        for (int t = 1; t < scores.length; t++) {
            if (scores[t] > scores[best]) {
                best = t;
            }
        }
        return best;
    }
}
