package dev.attacktagger.tag.attack.service;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import dev.attacktagger.kb.AttackBundleException;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.tag.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Loads the configured ATT&amp;CK bundle into the catalogue at start-up when the catalogue is empty or older, and
 * loads bundles on request for upgrades.
 */
@ApplicationScoped
public class CatalogueLoader {

    private static final Logger LOG = Logger.getLogger(CatalogueLoader.class);

    @ConfigProperty(name = "attacktagger.attack.bundle")
    String bundle;

    @Inject
    TechniqueCatalogue catalogue;

    @Inject
    AttackUpgradeService upgrades;

    @Inject
    Vertx vertx;

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(catalogue::reload));
        Path path = Path.of(bundle);
        if (!Files.isRegularFile(path)) {
            LOG.warnf(
                    "no ATT&CK bundle at %s (attacktagger.attack.bundle): the catalogue stays at %s with %d techniques",
                    path.toAbsolutePath(), catalogue.version(), catalogue.size());
            return;
        }
        long started = System.nanoTime();
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(path);
        LOG.infof(
                "ATT&CK %s read from %s in %d ms: %d active techniques",
                kb.version(),
                path,
                (System.nanoTime() - started) / 1_000_000,
                kb.activeTechniques().size());
        if (AttackUpgradeService.isNewer(kb.version(), catalogue.version())) {
            VertxContextSupport.subscribeAndAwait(() -> upgrades.upgrade(kb, AttackUpgradeService.ACTOR));
        }
        LOG.infof("ATT&CK catalogue at version %s with %d techniques", catalogue.version(), catalogue.size());
    }

    /**
     * Reads a bundle off the event loop and upgrades the catalogue and tags to it.
     *
     * @throws ProblemException 422 when the file is missing or not an ATT&amp;CK bundle
     */
    public Uni<UpgradeSummary> upgradeFrom(String bundlePath, String actor) {
        Path path = Path.of(bundlePath);
        return vertx.executeBlocking(Uni.createFrom().item(() -> read(path))).chain(kb -> upgrades.upgrade(kb, actor));
    }

    private static AttackKnowledgeBase read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw ProblemException.unprocessable("no ATT&CK bundle at " + path);
        }
        try {
            return AttackKnowledgeBase.load(path);
        } catch (AttackBundleException e) {
            throw ProblemException.unprocessable(path + " " + whatIsWrong(e));
        }
    }

    /**
     * What is wrong with a file that is no bundle, said without quoting it. The reader's own messages can carry the
     * file's content (a JSON parser names the token it found: the first word of {@code /etc/passwd}), and the caller
     * may name any file the service can read.
     */
    private static String whatIsWrong(AttackBundleException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            return "is not an ATT&CK bundle: it is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        if (cause instanceof EOFException) {
            return "is truncated: the file ends before the bundle does";
        }
        if (cause instanceof ZipException) {
            return "is a corrupt gzip file";
        }
        if (cause instanceof IOException) {
            return "cannot be read";
        }
        return "is not an ATT&CK bundle: a STIX bundle is a JSON object with \"type\": \"bundle\" and an"
                + " \"objects\" array that holds attack-pattern objects";
    }
}
