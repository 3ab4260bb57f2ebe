package dev.attacktagger.kb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttackIdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "T1059.001",
                "t1059.001",
                "T1059/001",
                "T1059-001",
                "T1059_001",
                "T1059\u2013001",
                "T1059\u2011001",
                " T1059.001 ",
                "https://attack.mitre.org/techniques/T1059/001/",
                "https://attack.mitre.org/techniques/T1059/001"
            })
    void shouldNormalizeEveryWrittenFormOfASubTechnique(String written) {
        assertThat(AttackIds.normalize(written)).contains("T1059.001");
    }

    @Test
    void shouldNormalizeTechniquesAndUrlsWithoutSubTechnique() {
        assertThat(AttackIds.normalize("t1583")).contains("T1583");
        assertThat(AttackIds.normalize("https://attack.mitre.org/techniques/T1547/001/"))
                .contains("T1547.001");
        assertThat(AttackIds.normalize("https://attack.mitre.org/techniques/T1547/"))
                .contains("T1547");
    }

    @Test
    void shouldRejectTextThatIsNotAnId() {
        assertThat(AttackIds.normalize("T105")).isEmpty();
        assertThat(AttackIds.normalize("T1059.01")).isEmpty();
        assertThat(AttackIds.normalize("S0154")).isEmpty();
        assertThat(AttackIds.normalize("")).isEmpty();
        assertThat(AttackIds.normalize(null)).isEmpty();
    }

    @Test
    void shouldNeverCutASubTechniqueToItsParentWhenFindingIdsInText() {
        String text = "They used T1583.001 and t1059/001, then [T1059.003]. See "
                + "https://attack.mitre.org/techniques/T1547/001/ and T1105.";

        assertThat(AttackIds.findAll(text))
                .extracting(AttackIds.IdMention::id)
                .containsExactly("T1583.001", "T1059.001", "T1059.003", "T1547.001", "T1105");
    }

    @Test
    void shouldFindIdsWrittenWithTheDashesOfWordProcessors() {
        // An en dash, as word processors turn "T1547-001" into, and a minus sign.
        String text = "Persistence (T1547\u2013001) and discovery (T1087\u2212002).";

        assertThat(AttackIds.findAll(text))
                .extracting(AttackIds.IdMention::id, AttackIds.IdMention::written)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("T1547.001", "T1547\u2013001"),
                        org.assertj.core.groups.Tuple.tuple("T1087.002", "T1087\u2212002"));
    }

    @Test
    void shouldKeepTheSpanOfTheIdAsWritten() {
        String text = "Execution [t1059-003].";

        AttackIds.IdMention mention = AttackIds.findAll(text).get(0);

        assertThat(text.substring(mention.start(), mention.end())).isEqualTo("t1059-003");
        assertThat(mention.written()).isEqualTo("t1059-003");
        assertThat(mention.id()).isEqualTo("T1059.003");
    }

    @Test
    void shouldNotFindIdsInsideLongerTokens() {
        assertThat(AttackIds.findAll("XT1059 T10590 T1059.0011 hashT1105")).isEmpty();
    }

    @Test
    void shouldNormalizeTacticIdsAndGiveParents() {
        assertThat(AttackIds.normalizeTactic("ta0002")).contains("TA0002");
        assertThat(AttackIds.parentOf("T1059.001")).isEqualTo("T1059");
        assertThat(AttackIds.parentOf("T1059")).isEqualTo("T1059");
    }
}
