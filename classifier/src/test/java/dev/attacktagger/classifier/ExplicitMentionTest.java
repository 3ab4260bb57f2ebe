package dev.attacktagger.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classifier.model.ModelFolder;

class ExplicitMentionTest {

    private final TechniqueTagger tagger = ReleasedModel.tagger();

    private Map<String, TechniqueTag> tags(String text) {
        return tagger.classify(text, ClassifyOptions.DEFAULT).techniques().stream()
                .collect(Collectors.toMap(TechniqueTag::id, Function.identity()));
    }

    @Test
    void shouldFindIdsInEveryWrittenFormOnceEach() throws Exception {
        String text = "Mapped as T1595.002, t1592/004, [T1590-001], T1589_003 and "
                + "https://attack.mitre.org/techniques/T1596/005/ in the appendix.";

        Map<String, TechniqueTag> tags = tags(text);
        // A written id gets at least the share of written ids that the training reports annotate.
        double floor = ModelFolder.read(ReleasedModel.DIR, new ObjectMapper())
                .aggregation()
                .explicitConfidence();
        assertThat(floor).isBetween(0.5, 1.0);

        assertThat(tags).containsKeys("T1595.002", "T1592.004", "T1590.001", "T1589.003", "T1596.005");
        assertThat(tags.get("T1592.004").evidence().get(0).text()).isEqualTo("t1592/004");
        assertThat(tags.get("T1590.001").evidence().get(0).text()).isEqualTo("T1590-001");
        assertThat(tags.get("T1596.005").evidence().get(0).text()).isEqualTo("T1596/005");
        for (String id : List.of("T1595.002", "T1592.004", "T1590.001", "T1589.003", "T1596.005")) {
            TechniqueTag tag = tags.get(id);
            assertThat(tag.confidence()).isGreaterThanOrEqualTo(floor).isLessThanOrEqualTo(1.0);
            long written = tag.evidence().stream().filter(e -> e.score() == 1.0).count();
            assertThat(written).as("explicit evidence of %s", id).isEqualTo(1);
            Evidence evidence = tag.evidence().get(0);
            assertThat(text.substring(evidence.start(), evidence.end())).isEqualTo(evidence.text());
        }
    }

    @Test
    void shouldNeverCutSubTechniqueToParent() {
        Map<String, TechniqueTag> tags = tags("See T1583.001 for the details.");

        assertThat(tags).containsKey("T1583.001").doesNotContainKey("T1583");
    }

    @Test
    void shouldTagReplacementOfRevokedIdKeepingIdAsWritten() {
        String text = "Older reports file this under T1086 and T1193.";

        Map<String, TechniqueTag> tags = tags(text);

        assertThat(tags).containsKeys("T1059.001", "T1566.001").doesNotContainKeys("T1086", "T1193");
        Evidence evidence = tags.get("T1059.001").evidence().get(0);
        assertThat(evidence.text()).isEqualTo("T1086");
        assertThat(evidence.start()).isEqualTo(text.indexOf("T1086"));
        assertThat(evidence.end()).isEqualTo(text.indexOf("T1086") + 5);
    }

    @Test
    void shouldNotTagDeprecatedIdWithoutReplacement() {
        Map<String, TechniqueTag> tags = tags("The old matrix listed T1064 here.");

        assertThat(tags).doesNotContainKey("T1064");
        assertThat(tags.values())
                .noneMatch(tag -> tag.evidence().stream().anyMatch(e -> e.text().equals("T1064")));
    }

    @Test
    void shouldNotReadIdsInsideLongerTokens() {
        Map<String, TechniqueTag> tags = tags("Build XT1059 and T10590 and T1059.0011 are version labels.");

        assertThat(tags.values()).noneMatch(tag -> tag.evidence().stream().anyMatch(e -> e.score() == 1.0));
    }
}
