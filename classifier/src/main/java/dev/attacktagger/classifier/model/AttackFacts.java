package dev.attacktagger.classifier.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ATT&amp;CK facts a released model needs at run time, so that classifying never needs the STIX bundle: the
 * active techniques in the head's output order, revoked ids with the active technique that replaces them, deprecated
 * ids, and software with the techniques ATT&amp;CK says it uses.
 *
 * @param attackVersion the ATT&amp;CK version
 * @param techniques the active techniques, in the head's output order
 * @param replacements revoked id to the active technique in force (revocation chains already followed)
 * @param deprecated ids deprecated without replacement
 * @param software software with its names and the techniques it uses
 */
public record AttackFacts(
        String attackVersion,
        List<TechniqueFact> techniques,
        Map<String, String> replacements,
        Set<String> deprecated,
        List<SoftwareFact> software) {

    /** The file name inside a model folder. */
    public static final String FILE = "attack-facts.json";

    /**
     * An active technique.
     *
     * @param parentId the parent's id for a sub-technique, else null
     */
    public record TechniqueFact(String id, String name, List<String> tactics, String parentId) {}

    /**
     * Software (malware or a tool) and what it does.
     *
     * @param names its name first, then its aliases
     * @param techniques the active techniques it uses
     */
    public record SoftwareFact(String id, List<String> names, List<String> techniques) {}

    /** Reads the facts of a model folder. */
    public static AttackFacts read(Path modelDir, ObjectMapper json) throws IOException {
        return json.readValue(modelDir.resolve(FILE).toFile(), AttackFacts.class);
    }

    /** Index of each technique id in {@link #techniques()}. */
    public Map<String, Integer> indexById() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < techniques.size(); i++) {
            index.put(techniques.get(i).id(), i);
        }
        return index;
    }

    /**
     * The active technique a written canonical id stands for: itself when active, its replacement when revoked, empty
     * when deprecated or unknown.
     */
    public Optional<String> current(String canonicalId, Map<String, Integer> index) {
        if (index.containsKey(canonicalId)) {
            return Optional.of(canonicalId);
        }
        return Optional.ofNullable(replacements.get(canonicalId));
    }
}
