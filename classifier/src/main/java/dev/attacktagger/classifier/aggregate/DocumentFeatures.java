package dev.attacktagger.classifier.aggregate;

import java.util.List;

/**
 * The features of one technique in one document, from which the document-level model decides. Sentence scores come
 * from the head; the context of a sentence enters through the best pair of neighbouring sentences, and the technique
 * family (parent and sub-techniques) through the family's best score.
 */
public final class DocumentFeatures {

    /** The feature names, in the order of the vectors {@link #compute} returns. */
    public static final List<String> NAMES = List.of(
            "maxLogit",
            "secondLogit",
            "windowLogit",
            "familyLogit",
            "sentencesOverHalf",
            "sentencesOverFifth",
            "explicitId",
            "nameMentionReliability",
            "softwareUses",
            "logSentences",
            "reportPrior",
            "cooccurrenceLogit",
            "bestSentenceShare");

    /** Probabilities are clipped to [1e-3, 1 - 1e-3]: a missing second sentence must not dominate a document. */
    private static final float EPSILON = 1e-3f;

    private DocumentFeatures() {}

    /**
     * Computes the features.
     *
     * @param scores one row per sentence, in text order, one column per technique
     * @param techniques how many techniques there are
     * @param explicit whether each technique's id is written in the text
     * @param named for each technique whose name is written in the text, how often a training report that names
     *     it was annotated with it; 0 for the others
     * @param software whether software named in the text uses each technique
     * @param family for each technique, its parent and sub-techniques
     * @param priors for each technique, the log-odds of it being annotated in a training report
     * @param cooccurrence how strongly each technique implies the others
     * @return one feature vector per technique
     */
    public static float[][] compute(
            float[][] scores,
            int techniques,
            boolean[] explicit,
            float[] named,
            boolean[] software,
            int[][] family,
            float[] priors,
            Cooccurrence cooccurrence) {
        int sentences = scores.length;
        float[] best = new float[techniques];
        float[] second = new float[techniques];
        float[] window = new float[techniques];
        int[] overHalf = new int[techniques];
        int[] overFifth = new int[techniques];
        float[] share = new float[techniques];
        for (int i = 0; i < sentences; i++) {
            float[] row = scores[i];
            float[] next = i + 1 < sentences ? scores[i + 1] : null;
            float rowMax = EPSILON;
            for (int t = 0; t < techniques; t++) {
                rowMax = Math.max(rowMax, row[t]);
            }
            for (int t = 0; t < techniques; t++) {
                float p = row[t];
                if (p > best[t]) {
                    second[t] = best[t];
                    best[t] = p;
                    share[t] = p / rowMax;
                } else if (p > second[t]) {
                    second[t] = p;
                }
                float pair = next == null ? (sentences == 1 ? p : 0f) : 0.5f * (p + next[t]);
                if (pair > window[t]) {
                    window[t] = pair;
                }
                if (p >= 0.5f) {
                    overHalf[t]++;
                }
                if (p >= 0.2f) {
                    overFifth[t]++;
                }
            }
        }
        float logSentences = (float) Math.log1p(sentences);
        float[] implied = cooccurrence.implied(best);
        float[][] features = new float[techniques][];
        for (int t = 0; t < techniques; t++) {
            float relatives = 0f;
            for (int other : family[t]) {
                relatives = Math.max(relatives, best[other]);
            }
            features[t] = new float[] {
                logit(best[t]),
                logit(second[t]),
                logit(window[t]),
                logit(relatives),
                (float) Math.log1p(overHalf[t]),
                (float) Math.log1p(overFifth[t]),
                explicit[t] ? 1f : 0f,
                named[t],
                software[t] ? 1f : 0f,
                logSentences,
                priors[t],
                logit(implied[t]),
                (float) Math.log(Math.max(EPSILON, share[t]))
            };
        }
        return features;
    }

    static float logit(float p) {
        float clipped = Math.min(1f - EPSILON, Math.max(EPSILON, p));
        return (float) Math.log(clipped / (1f - clipped));
    }
}
