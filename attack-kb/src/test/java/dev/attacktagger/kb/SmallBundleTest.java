package dev.attacktagger.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles written by the test itself: a tiny but complete ATT&CK, and broken files. */
class SmallBundleTest {

    @TempDir
    Path dir;

    static final String TACTICS = """
            {"type":"x-mitre-tactic","id":"x-mitre-tactic--b","name":"Persistence","x_mitre_shortname":"persistence",
             "external_references":[{"source_name":"mitre-attack","external_id":"TA0003"}]},
            {"type":"x-mitre-tactic","id":"x-mitre-tactic--a","name":"Execution","x_mitre_shortname":"execution",
             "external_references":[{"source_name":"mitre-attack","external_id":"TA0002"}]},
            {"type":"x-mitre-matrix","id":"x-mitre-matrix--1","tactic_refs":["x-mitre-tactic--a","x-mitre-tactic--b"]}
            """;

    static String technique(String stixId, String id, String name, String extra) {
        return """
                {"type":"attack-pattern","id":"%s","name":"%s","description":"Uses [a link](http://x) to do things.(Citation: X)",
                 "kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"persistence"},
                                      {"kill_chain_name":"mitre-attack","phase_name":"execution"}],
                 "x_mitre_platforms":["Windows"],
                 "external_references":[{"source_name":"mitre-attack","external_id":"%s","url":"https://attack.mitre.org/techniques/%s"}]%s}
                """.formatted(stixId, name, id, id.replace('.', '/'), extra);
    }

    static String bundle(String... objects) {
        return "{\"type\":\"bundle\",\"id\":\"bundle--test\",\"objects\":[" + String.join(",", objects) + "]}";
    }

    static String smallAttack(String renamed) {
        return bundle(
                TACTICS,
                technique("attack-pattern--parent", "T1059", "Command and Scripting Interpreter", ""),
                technique("attack-pattern--ps", "T1059.001", renamed, ",\"x_mitre_is_subtechnique\":true"),
                technique("attack-pattern--old", "T1086", "PowerShell", ",\"revoked\":true"),
                technique("attack-pattern--dep", "T1064", "Scripting", ",\"x_mitre_deprecated\":true"),
                """
                {"type":"relationship","id":"relationship--r","relationship_type":"revoked-by",
                 "source_ref":"attack-pattern--old","target_ref":"attack-pattern--ps"},
                {"type":"malware","id":"malware--m","name":"Sample RAT","x_mitre_aliases":["Sample RAT","SampRAT"],
                 "external_references":[{"source_name":"mitre-attack","external_id":"S9999"}]},
                {"type":"intrusion-set","id":"intrusion-set--g","name":"Test Group","aliases":["Test Group","Paper Tiger"],
                 "external_references":[{"source_name":"mitre-attack","external_id":"G9999"}]},
                {"type":"relationship","id":"relationship--u","relationship_type":"uses","source_ref":"malware--m",
                 "target_ref":"attack-pattern--ps",
                 "description":"[Sample RAT](https://attack.mitre.org/software/S9999) runs encoded scripts.(Citation: Lab 2020)"}
                """);
    }

    Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void shouldLoadTechniquesTacticsEntitiesAndProceduresFromASmallBundle() throws IOException {
        AttackKnowledgeBase kb =
                AttackKnowledgeBase.load(write("enterprise-attack-1.2.json", smallAttack("PowerShell")));

        assertThat(kb.version()).isEqualTo("1.2");
        assertThat(kb.tactics()).extracting(Tactic::id).containsExactly("TA0002", "TA0003");
        assertThat(kb.activeTechniques()).extracting(Technique::id).containsExactly("T1059", "T1059.001");
        Technique powershell = kb.technique("t1059/001").orElseThrow();
        assertThat(powershell.parentId()).isEqualTo("T1059");
        assertThat(powershell.tactics()).containsExactly("execution", "persistence");
        assertThat(powershell.description()).isEqualTo("Uses a link to do things.");
        assertThat(powershell.fullName(kb)).isEqualTo("Command and Scripting Interpreter: PowerShell");
        assertThat(kb.technique("T1059").orElseThrow().children()).containsExactly("T1059.001");
        assertThat(kb.entitiesNamed("samprat"))
                .extracting(AttackEntity::attackId)
                .containsExactly("S9999");
        assertThat(kb.entitiesNamed("Paper Tiger"))
                .extracting(AttackEntity::kind)
                .containsExactly(AttackEntity.Kind.GROUP);
        assertThat(kb.procedureExamples("T1059.001"))
                .extracting(ProcedureExample::text)
                .containsExactly("Sample RAT runs encoded scripts.");
    }

    @Test
    void shouldResolveRevokedDeprecatedUnknownAndMalformedIds() throws IOException {
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(write("kb.json", smallAttack("PowerShell")));

        assertThat(kb.resolve("t1086")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(Resolution.Status.REVOKED);
            assertThat(r.currentId()).isEqualTo("T1059.001");
        });
        assertThat(kb.resolve("T1064").status()).isEqualTo(Resolution.Status.DEPRECATED);
        assertThat(kb.resolve("T1064").isTaggable()).isFalse();
        assertThat(kb.resolve("T9999").status()).isEqualTo(Resolution.Status.UNKNOWN);
        assertThat(kb.resolve("PowerShell").status()).isEqualTo(Resolution.Status.MALFORMED);
        assertThat(kb.resolve("T1059-001").currentId()).isEqualTo("T1059.001");
        assertThat(kb.version()).isEqualTo("unknown");
    }

    @Test
    void shouldReadGzipWhateverTheFileIsCalled() throws IOException {
        Path file = dir.resolve("bundle.data");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(smallAttack("PowerShell").getBytes(StandardCharsets.UTF_8));
        }

        assertThat(AttackKnowledgeBase.load(file).activeTechniques()).hasSize(2);
    }

    @Test
    void shouldDiffTwoVersions() throws IOException {
        AttackKnowledgeBase older = AttackKnowledgeBase.load(write(
                "a-1.0.json",
                bundle(
                        TACTICS,
                        technique("attack-pattern--parent", "T1059", "Command and Scripting Interpreter", ""),
                        technique("attack-pattern--ps", "T1059.001", "Power Shell", ""),
                        technique("attack-pattern--old", "T1086", "PowerShell", ""),
                        technique("attack-pattern--dep", "T1064", "Scripting", ""))));
        AttackKnowledgeBase newer = AttackKnowledgeBase.load(write("a-2.0.json", smallAttack("PowerShell")));

        AttackDiff diff = AttackKnowledgeBase.diff(older, newer);

        assertThat(diff.fromVersion()).isEqualTo("1.0");
        assertThat(diff.toVersion()).isEqualTo("2.0");
        assertThat(diff.added()).isEmpty();
        assertThat(diff.revoked()).containsExactly(Map.entry("T1086", "T1059.001"));
        assertThat(diff.deprecated()).containsExactly("T1064");
        assertThat(diff.renamed()).containsEntry("T1059.001", List.of("Power Shell", "PowerShell"));
        assertThat(AttackKnowledgeBase.diff(newer, newer).isEmpty()).isTrue();
    }

    @Test
    void shouldNameTheFileWhenItIsNotJson() throws IOException {
        Path file = write("notes.json", "this is not json");

        assertThatThrownBy(() -> AttackKnowledgeBase.load(file))
                .isInstanceOf(AttackBundleException.class)
                .hasMessageStartingWith(file + " is not valid JSON");
    }

    @Test
    void shouldSayWhenTheFileIsNotABundle() throws IOException {
        Path array = write("array.json", "[1, 2]");
        Path other = write("other.json", "{\"type\":\"report\",\"objects\":[]}");

        assertThatThrownBy(() -> AttackKnowledgeBase.load(array))
                .hasMessage(array + " is not a STIX bundle: expected a JSON object at the top");
        assertThatThrownBy(() -> AttackKnowledgeBase.load(other))
                .hasMessage(other + " is not a STIX bundle: expected \"type\": \"bundle\", found \"report\"");
    }

    @Test
    void shouldSayWhenTheBundleHasNoAttackPatterns() throws IOException {
        Path file = write("empty.json", bundle(TACTICS));

        assertThatThrownBy(() -> AttackKnowledgeBase.load(file))
                .hasMessage(file + " has no attack-pattern objects: it is not an ATT&CK bundle");
    }

    @Test
    void shouldSayWhenTheFileIsTruncated() throws IOException {
        String whole = smallAttack("PowerShell");
        Path plain = write("cut.json", whole.substring(0, whole.length() / 2));
        byte[] gzip = gzip(whole.getBytes(StandardCharsets.UTF_8));
        Path zipped = dir.resolve("cut.json.gz");
        Files.write(zipped, Arrays.copyOf(gzip, gzip.length / 2));

        assertThatThrownBy(() -> AttackKnowledgeBase.load(plain)).hasMessageStartingWith(plain + " is truncated");
        assertThatThrownBy(() -> AttackKnowledgeBase.load(zipped)).hasMessageStartingWith(zipped + " is truncated");
    }

    @Test
    void shouldSayWhenTheFileDoesNotExist() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> AttackKnowledgeBase.load(missing))
                .hasMessage("ATT&CK bundle " + missing + " does not exist");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
