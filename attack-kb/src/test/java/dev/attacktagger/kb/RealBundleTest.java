package dev.attacktagger.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real ATT&amp;CK Enterprise v18.1 and v17.1 bundles from the shared data folder (system property
 * {@code attacktagger.data}); skipped with a message when the folder is absent.
 */
class RealBundleTest {

    static AttackKnowledgeBase v18;
    static AttackKnowledgeBase v17;

    static Path dataDir() {
        return Path.of(System.getProperty("attacktagger.data", "../../shared/data"));
    }

    @BeforeAll
    static void load() {
        Path v18File = dataDir().resolve("attack/enterprise-attack-18.1.json.gz");
        Path v17File = dataDir().resolve("attack/enterprise-attack-17.1.json.gz");
        assumeTrue(
                Files.isRegularFile(v18File) && Files.isRegularFile(v17File),
                "ATT&CK bundles not found under " + dataDir().toAbsolutePath()
                        + " (set -Dattacktagger.data=DIR): real-bundle tests skipped");
        v18 = AttackKnowledgeBase.load(v18File);
        v17 = AttackKnowledgeBase.load(v17File);
    }

    @Test
    void shouldCountTheActiveTechniquesOfV18() {
        List<Technique> active = v18.activeTechniques();

        assertThat(v18.version()).isEqualTo("18.1");
        assertThat(active).hasSize(691);
        assertThat(active.stream().filter(t -> !t.isSubtechnique())).hasSize(216);
        assertThat(active.stream().filter(Technique::isSubtechnique)).hasSize(475);
        assertThat(v18.allTechniques()).hasSize(835);
    }

    @Test
    void shouldOrderTheFourteenTacticsAsTheMatrixDoes() {
        assertThat(v18.tactics()).hasSize(14);
        assertThat(v18.tactics().get(0).shortName()).isEqualTo("reconnaissance");
        assertThat(v18.tactics().get(13).shortName()).isEqualTo("impact");
        assertThat(v18.tactic("TA0002").orElseThrow().name()).isEqualTo("Execution");
        assertThat(v18.technique("T1053.005").orElseThrow().tactics())
                .containsExactly("execution", "persistence", "privilege-escalation");
    }

    @Test
    void shouldResolveRevokedIdsToTheirReplacements() {
        assertThat(v18.resolve("T1086").currentId()).isEqualTo("T1059.001");
        assertThat(v18.resolve("T1193").currentId()).isEqualTo("T1566.001");
        assertThat(v18.resolve("T1574.002").currentId()).isEqualTo("T1574.001");
        assertThat(v18.resolve("T1064").status()).isEqualTo(Resolution.Status.DEPRECATED);
        assertThat(v18.resolve("T1064").currentId()).isNull();
        assertThat(v18.replacements()).hasSizeGreaterThan(100);
    }

    @Test
    void shouldGiveTechniqueDetails() {
        Technique powershell = v18.technique("t1059/001").orElseThrow();

        assertThat(powershell.name()).isEqualTo("PowerShell");
        assertThat(powershell.parentId()).isEqualTo("T1059");
        assertThat(powershell.url()).isEqualTo("https://attack.mitre.org/techniques/T1059/001");
        assertThat(powershell.platforms()).contains("Windows");
        assertThat(powershell.description()).doesNotContain("(Citation:").doesNotContain("](");
        assertThat(v18.technique("T1059").orElseThrow().children()).contains("T1059.001", "T1059.003");
    }

    @Test
    void shouldKnowSoftwareGroupsAndCampaignsByAlias() {
        assertThat(v18.entitiesNamed("mimikatz"))
                .extracting(AttackEntity::kind)
                .containsExactly(AttackEntity.Kind.TOOL);
        assertThat(v18.entitiesNamed("Fancy Bear"))
                .extracting(AttackEntity::name)
                .containsExactly("APT28");
        assertThat(v18.entities().stream().filter(e -> e.kind() == AttackEntity.Kind.CAMPAIGN))
                .isNotEmpty();
    }

    @Test
    void shouldGiveProcedureExamplesAsPlainText() {
        assertThat(v18.procedureExamples()).hasSizeGreaterThan(15_000);
        assertThat(v18.procedureExamples()).allSatisfy(example -> {
            assertThat(example.text()).doesNotContain("(Citation:");
            assertThat(example.text()).doesNotContain("](https://attack.mitre.org");
        });
        long covered = v18.activeTechniques().stream()
                .filter(t -> !v18.procedureExamples(t.id()).isEmpty())
                .count();
        assertThat(covered).isEqualTo(599);
    }

    @Test
    void shouldDiffV17ToV18AsCheckedByHand() {
        AttackDiff diff = AttackKnowledgeBase.diff(v17, v18);

        assertThat(diff.fromVersion()).isEqualTo("17.1");
        assertThat(diff.toVersion()).isEqualTo("18.1");
        assertThat(diff.added()).hasSize(12).contains("T1059.013", "T1677", "T1678", "T1679", "T1036.012");
        assertThat(diff.renamed())
                .containsEntry("T1552.003", List.of("Bash History", "Shell History"))
                .containsEntry("T1497.003", List.of("Time Based Evasion", "Time Based Checks"))
                .hasSize(2);
        assertThat(diff.revoked()).isEqualTo(Map.of());
        assertThat(diff.deprecated()).isEmpty();
        assertThat(v17.activeTechniques()).hasSize(679);
    }
}
