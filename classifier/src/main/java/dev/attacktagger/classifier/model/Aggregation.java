package dev.attacktagger.classifier.model;

import java.util.List;

/**
 * The document-level decision: a logistic model over features of one technique in one document (see {@link
 * dev.attacktagger.classifier.aggregate.DocumentFeatures}), whose output is the technique's confidence.
 *
 * @param features the feature names, in weight order
 * @param weights one weight per feature
 * @param bias the intercept
 * @param explicitConfidence the least confidence of a technique whose id is written in the text
 * @param evidenceMinScore the least sentence score a sentence needs to be shown as evidence
 * @param maxEvidence how many evidence passages a technique gets at most
 * @param priors per technique, in the model's order, the log-odds of it being annotated in a training report
 * @param nameReliability per technique, how often a training report that names it was annotated with it
 */
public record Aggregation(
        List<String> features,
        double[] weights,
        double bias,
        double explicitConfidence,
        double evidenceMinScore,
        int maxEvidence,
        float[] priors,
        float[] nameReliability) {

    /**
     * The same model over the features a version of the code computes, in that order: a feature the model does not
     * read gets weight 0, so that a model trained before a feature was added still loads and decides as it did.
     *
     * @throws IllegalArgumentException when the model reads a feature that is not computed
     */
    public Aggregation aligned(List<String> computed) {
        double[] placed = new double[computed.size()];
        for (int i = 0; i < features.size(); i++) {
            int at = computed.indexOf(features.get(i));
            if (at < 0) {
                throw new IllegalArgumentException("the document feature " + features.get(i) + " is not computed");
            }
            placed[at] = weights[i];
        }
        return new Aggregation(
                computed, placed, bias, explicitConfidence, evidenceMinScore, maxEvidence, priors, nameReliability);
    }

    /** The confidence for one feature vector. */
    public double confidence(float[] feature) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * feature[i];
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
