package dev.attacktagger.classifier.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.attacktagger.classifier.model.AttackFacts;

/**
 * Which techniques go together, learnt from the software ATT&amp;CK describes: for techniques {@code u} and {@code t},
 * the share of the software using {@code u} that also uses {@code t}. A document in which {@code u} is clearly
 * described makes {@code t} more likely, even where no sentence of its own says so. A technique's own family is left
 * out: the family already has its own feature.
 */
public final class Cooccurrence {

    /** A technique used by fewer software than this implies nothing: its shares would be noise. */
    static final int MIN_SOFTWARE = 5;

    /** A sentence score under this is not taken as the technique being described. */
    static final float MIN_SCORE = 0.2f;

    /** For each technique {@code u}, the techniques it implies and how strongly. */
    private final int[][] targets;

    private final float[][] shares;

    private Cooccurrence(int[][] targets, float[][] shares) {
        this.targets = targets;
        this.shares = shares;
    }

    /** Counts the facts' software. */
    public static Cooccurrence of(AttackFacts facts, int[][] family) {
        int techniques = facts.techniques().size();
        Map<String, Integer> index = facts.indexById();
        int[] users = new int[techniques];
        int[][] pairs = new int[techniques][techniques];
        for (AttackFacts.SoftwareFact software : facts.software()) {
            int[] used = software.techniques().stream()
                    .map(index::get)
                    .filter(java.util.Objects::nonNull)
                    .mapToInt(Integer::intValue)
                    .distinct()
                    .toArray();
            for (int u : used) {
                users[u]++;
                for (int t : used) {
                    if (t != u) {
                        pairs[u][t]++;
                    }
                }
            }
        }
        int[][] targets = new int[techniques][];
        float[][] shares = new float[techniques][];
        for (int u = 0; u < techniques; u++) {
            List<Integer> implied = new ArrayList<>();
            for (int t = 0; t < techniques; t++) {
                if (pairs[u][t] > 0 && users[u] >= MIN_SOFTWARE && !contains(family[t], u)) {
                    implied.add(t);
                }
            }
            targets[u] = implied.stream().mapToInt(Integer::intValue).toArray();
            shares[u] = new float[targets[u].length];
            for (int i = 0; i < targets[u].length; i++) {
                shares[u][i] = (float) pairs[u][targets[u][i]] / users[u];
            }
        }
        return new Cooccurrence(targets, shares);
    }

    /**
     * For each technique, the strongest support the document's other techniques give it: the highest product of
     * another technique's best sentence score and the share of that technique's software that also uses this one.
     *
     * @param best each technique's best sentence score in the document
     */
    public float[] implied(float[] best) {
        float[] implied = new float[best.length];
        for (int u = 0; u < best.length; u++) {
            if (best[u] < MIN_SCORE) {
                continue;
            }
            for (int i = 0; i < targets[u].length; i++) {
                float value = best[u] * shares[u][i];
                int t = targets[u][i];
                if (value > implied[t]) {
                    implied[t] = value;
                }
            }
        }
        return implied;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
