package dev.attacktagger.classifier.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.attacktagger.classifier.model.AttackFacts;
import dev.attacktagger.classifier.text.Sentence;

/**
 * From sentence scores to document features: the part of classification that the trainer and the tagger share, so
 * that the document model is trained on exactly what it sees at run time. Thread-safe.
 */
public final class DocumentAnalyzer {

    private final MentionFinder mentions;
    private final int[][] family;
    private final int techniques;
    private final float[] priors;
    private final float[] nameReliability;
    private final Cooccurrence cooccurrence;

    /** Everything known about one document before the document-level decision. */
    public record Analysis(
            List<Sentence> sentences, float[][] scores, float[][] features, List<MentionFinder.IdMention> ids) {}

    /**
     * @param facts the model's ATT&amp;CK facts
     * @param priors per technique, the log-odds of it being annotated in a training report
     * @param nameReliability per technique, how often a training report that names it was annotated with it
     */
    public DocumentAnalyzer(AttackFacts facts, float[] priors, float[] nameReliability) {
        if (priors.length != facts.techniques().size()) {
            throw new IllegalArgumentException(
                    "expected " + facts.techniques().size() + " priors, found " + priors.length);
        }
        this.priors = priors;
        this.nameReliability = nameReliability;
        this.mentions = new MentionFinder(facts);
        this.techniques = facts.techniques().size();
        Map<String, Integer> index = facts.indexById();
        List<List<Integer>> relatives = new ArrayList<>();
        for (int t = 0; t < techniques; t++) {
            relatives.add(new ArrayList<>());
        }
        for (int t = 0; t < techniques; t++) {
            String parent = facts.techniques().get(t).parentId();
            Integer p = parent == null ? null : index.get(parent);
            if (p != null) {
                relatives.get(t).add(p);
                relatives.get(p).add(t);
            }
        }
        this.family = new int[techniques][];
        for (int t = 0; t < techniques; t++) {
            family[t] = relatives.get(t).stream().mapToInt(Integer::intValue).toArray();
        }
        this.cooccurrence = Cooccurrence.of(facts, family);
    }

    private float[] nameSignal(String text) {
        boolean[] named = mentions.techniqueNames(text);
        float[] signal = new float[named.length];
        for (int t = 0; t < named.length; t++) {
            signal[t] = named[t] ? nameReliability[t] : 0f;
        }
        return signal;
    }

    /** How many techniques the model knows. */
    public int techniques() {
        return techniques;
    }

    /** The mention finder this analyzer uses. */
    public MentionFinder mentions() {
        return mentions;
    }

    /**
     * Analyses a document.
     *
     * @param text the whole text
     * @param sentences its sentences
     * @param scores the head's scores, one row per sentence
     */
    public Analysis analyze(String text, List<Sentence> sentences, float[][] scores) {
        List<MentionFinder.IdMention> ids = mentions.ids(text);
        boolean[] explicit = new boolean[techniques];
        for (MentionFinder.IdMention id : ids) {
            explicit[id.technique()] = true;
        }
        float[][] features = DocumentFeatures.compute(
                scores,
                techniques,
                explicit,
                nameSignal(text),
                mentions.softwareTechniques(text),
                family,
                priors,
                cooccurrence);
        return new Analysis(sentences, scores, features, ids);
    }
}
