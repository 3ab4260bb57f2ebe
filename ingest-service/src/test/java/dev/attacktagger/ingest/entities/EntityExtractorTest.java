package dev.attacktagger.ingest.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.attacktagger.kb.AttackEntity;
import dev.attacktagger.kb.AttackEntity.Kind;
import dev.attacktagger.kb.AttackKnowledgeBase;

class EntityExtractorTest {

    private static final AttackEntity MIMIKATZ = new AttackEntity("tool--1", "S0002", Kind.TOOL, "Mimikatz", List.of());
    private static final AttackEntity APT28 =
            new AttackEntity("intrusion-set--1", "G0007", Kind.GROUP, "APT28", List.of("Sofacy", "Fancy Bear"));
    private static final AttackEntity TOR = new AttackEntity("tool--2", "S0183", Kind.TOOL, "Tor", List.of());
    private static final AttackEntity COBALT_STRIKE =
            new AttackEntity("malware--1", "S0154", Kind.MALWARE, "Cobalt Strike", List.of());
    private static final AttackEntity NET = new AttackEntity("tool--3", "S0039", Kind.TOOL, "Net", List.of("net.exe"));
    private static final AttackEntity CAMPAIGN =
            new AttackEntity("campaign--1", "C0001", Kind.CAMPAIGN, "Frankenstein", List.of());
    private static final AttackEntity AGENT_BTZ =
            new AttackEntity("malware--2", "S0092", Kind.MALWARE, "Agent.btz", List.of());

    private final EntityExtractor extractor =
            new EntityExtractor(List.of(MIMIKATZ, APT28, TOR, COBALT_STRIKE, NET, CAMPAIGN, AGENT_BTZ));

    @Test
    void shouldResolveAliasesToTheAttackEntry() {
        assertThat(extractor.extract("Researchers tied the intrusion to Sofacy, also called Fancy Bear."))
                .containsExactly(new EntityMention("G0007", "APT28", "GROUP"));
    }

    @Test
    void shouldListEachEntryOnceInOrderOfFirstMention() {
        assertThat(extractor.extract("They ran mimikatz, then Cobalt Strike beacons, then MIMIKATZ again; APT28."))
                .containsExactly(
                        new EntityMention("S0002", "Mimikatz", "TOOL"),
                        new EntityMention("S0154", "Cobalt Strike", "MALWARE"),
                        new EntityMention("G0007", "APT28", "GROUP"));
    }

    @Test
    void shouldMatchShortNamesCaseSensitively() {
        assertThat(extractor.extract("Traffic left through Tor."))
                .containsExactly(new EntityMention("S0183", "Tor", "TOOL"));
        assertThat(extractor.extract("The tor relay and TOR nodes")).isEmpty();
    }

    @Test
    void shouldMatchWholeWordsOnly() {
        assertThat(extractor.extract("Mimikatzlike tooling, Torrent files, superAPT28x"))
                .isEmpty();
    }

    @Test
    void shouldNotMatchNamesThatAreOrdinaryWordsOnTheirOwn() {
        assertThat(extractor.extract("Net income rose. The net was cast.")).isEmpty();
        assertThat(extractor.extract("They used net.exe to list shares."))
                .containsExactly(new EntityMention("S0039", "Net", "TOOL"));
    }

    @Test
    void shouldNotMatchANameAcrossASentenceOrLineBreak() {
        assertThat(extractor.extract("It was cobalt. Strike teams followed.\nCobalt\nStrike"))
                .isEmpty();
    }

    @Test
    void shouldMatchNamesWithPunctuation() {
        assertThat(extractor.extract("The Agent.btz worm spread by USB."))
                .containsExactly(new EntityMention("S0092", "Agent.btz", "MALWARE"));
    }

    @Test
    void shouldLeaveCampaignsOut() {
        assertThat(extractor.extract("The Frankenstein campaign")).isEmpty();
    }

    @Test
    void shouldFindEntitiesOfTheRealAttackBundle() {
        String data = System.getProperty("attacktagger.data");
        Path bundle = data == null ? null : Path.of(data, "attack", "enterprise-attack-18.1.json.gz");
        assumeTrue(bundle != null && Files.isRegularFile(bundle), "the ATT&CK bundle is not under attacktagger.data");
        EntityExtractor real = EntityExtractor.of(AttackKnowledgeBase.load(bundle));

        List<EntityMention> found = real.extract(
                "Sofacy operators used Mimikatz and cmd.exe; at 10:00 they ran Ping checks. The net result was small.");

        // "Sofacy" is an alias of the group APT28 and of the malware CORESHELL: both are named.
        assertThat(found).extracting(EntityMention::attackId).containsExactly("G0007", "S0137", "S0002", "S0106");
    }
}
