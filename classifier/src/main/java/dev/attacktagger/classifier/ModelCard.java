package dev.attacktagger.classifier;

import java.util.List;
import java.util.Map;

/**
 * What a released model is: the parsed {@code model.json} of its folder.
 *
 * @param id the model's id, for example {@code attack-tagger-2026.12}
 * @param attackVersion the ATT&amp;CK version it was trained on
 * @param encoder the sentence encoder's id
 * @param techniques one entry for every active technique of that version, sorted by id
 * @param validation the validation figures and how they were measured
 */
public record ModelCard(
        String id,
        String attackVersion,
        String encoder,
        List<TechniqueEntry> techniques,
        Map<String, Object> validation) {

    /**
     * One technique as the model treats it.
     *
     * @param id the technique id
     * @param name its name
     * @param tactics its tactics' short names
     * @param released whether the model proposes it at all (without {@link ClassifyOptions#allScores()})
     * @param threshold the confidence from which it is proposed
     * @param precision validation precision at that threshold, or null when it was never predicted
     * @param recall validation recall at that threshold, or null without validation examples
     * @param support how many validation documents carry it
     */
    public record TechniqueEntry(
            String id,
            String name,
            List<String> tactics,
            boolean released,
            double threshold,
            Double precision,
            Double recall,
            int support) {}

    /** How many techniques are released. */
    public long releasedCount() {
        return techniques.stream().filter(TechniqueEntry::released).count();
    }
}
