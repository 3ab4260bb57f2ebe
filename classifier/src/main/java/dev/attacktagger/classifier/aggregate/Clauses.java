package dev.attacktagger.classifier.aggregate;

import java.util.ArrayList;
import java.util.List;

import dev.attacktagger.classifier.text.Sentence;

/**
 * Long sentences that chain several actions ("deleted the shadow copies with vssadmin, disabled recovery with bcdedit,
 * and deleted the backup jobs") are also scored clause by clause: a mean-pooled sentence vector blends the actions, so
 * each can fall under its threshold although a clause alone states it plainly. A sentence's score for a technique is
 * then the highest of its own and its clauses'.
 */
public final class Clauses {

    /** Sentences shorter than this are scored whole only. */
    static final int MIN_SENTENCE = 120;

    /** A piece shorter than this joins the clause before it (or after it, at the start). */
    static final int MIN_CLAUSE = 35;

    private Clauses() {}

    /** The clauses of one sentence, or none when it is short or does not split into at least two. */
    public static List<String> of(String sentence) {
        if (sentence.length() < MIN_SENTENCE) {
            return List.of();
        }
        List<String> pieces = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < sentence.length() - 1; i++) {
            char c = sentence.charAt(i);
            if ((c == ',' || c == ';') && sentence.charAt(i + 1) == ' ') {
                pieces.add(sentence.substring(from, i).strip());
                from = i + 1;
            }
        }
        pieces.add(sentence.substring(from).strip());
        List<String> clauses = new ArrayList<>();
        for (String piece : pieces) {
            if (!clauses.isEmpty()
                    && (piece.length() < MIN_CLAUSE
                            || clauses.get(clauses.size() - 1).length() < MIN_CLAUSE)) {
                clauses.set(clauses.size() - 1, clauses.get(clauses.size() - 1) + ", " + piece);
            } else {
                clauses.add(piece);
            }
        }
        return clauses.size() < 2 ? List.of() : clauses;
    }

    /** The texts to score for these sentences: every sentence, in order, then the clauses of each, in order. */
    public static List<String> texts(List<Sentence> sentences) {
        List<String> texts = new ArrayList<>(sentences.size());
        sentences.forEach(sentence -> texts.add(sentence.text()));
        sentences.forEach(sentence -> texts.addAll(of(sentence.text())));
        return texts;
    }

    /**
     * Per sentence, the highest score of the sentence and its clauses, from the scores of {@link #texts(List)} in that
     * order.
     */
    public static float[][] merge(List<Sentence> sentences, float[][] scores) {
        int expected = sentences.size();
        for (Sentence sentence : sentences) {
            expected += of(sentence.text()).size();
        }
        if (expected != scores.length) {
            throw new IllegalArgumentException(
                    "expected scores for " + expected + " sentences and clauses, found " + scores.length);
        }
        float[][] merged = new float[sentences.size()][];
        int next = sentences.size();
        for (int s = 0; s < sentences.size(); s++) {
            float[] best = scores[s].clone();
            int clauses = of(sentences.get(s).text()).size();
            for (int c = 0; c < clauses; c++) {
                float[] clause = scores[next++];
                for (int t = 0; t < best.length; t++) {
                    best[t] = Math.max(best[t], clause[t]);
                }
            }
            merged[s] = best;
        }
        return merged;
    }
}
