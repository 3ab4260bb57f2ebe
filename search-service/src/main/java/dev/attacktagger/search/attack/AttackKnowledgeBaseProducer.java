package dev.attacktagger.search.attack;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.search.query.QueryVocabulary;

/** Loads the ATT&amp;CK knowledge base once per process; it is immutable and shared by every request. */
@ApplicationScoped
public class AttackKnowledgeBaseProducer {

    private static final Logger LOG = Logger.getLogger(AttackKnowledgeBaseProducer.class);

    @Produces
    @Singleton
    AttackKnowledgeBase knowledgeBase(
            @ConfigProperty(
                            name = "attacktagger.attack.bundle",
                            defaultValue = "../shared/data/attack/enterprise-attack-18.1.json.gz")
                    String bundle) {
        long start = System.nanoTime();
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(Path.of(bundle));
        LOG.infof(
                "ATT&CK %s loaded from %s: %d active techniques, %d tactics, in %d ms",
                kb.version(),
                bundle,
                kb.activeTechniques().size(),
                kb.tactics().size(),
                (System.nanoTime() - start) / 1_000_000);
        return kb;
    }

    @Produces
    @Singleton
    QueryVocabulary vocabulary(AttackKnowledgeBase kb) {
        return written -> kb.tactic(written).map(tactic -> tactic.shortName());
    }
}
