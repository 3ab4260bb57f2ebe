package dev.attacktagger.classifier.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-technique thresholds and the release gate, chosen on a set of scored documents, and the figures that measure a
 * decision on another set.
 */
final class Tuning {

    /** Thresholds tried, in steps of 0.025. */
    static final double[] GRID = grid();

    /** A technique carried by at least this many documents gets the threshold that maximises its own F1. */
    static final int MIN_OWN_THRESHOLD_SUPPORT = 100;

    /** A technique carried by at least this many annotated reports is tuned and gated on the reports alone. */
    static final int MIN_REPORT_SUPPORT = 3;

    private Tuning() {}

    private static double[] grid() {
        double[] values = new double[37];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.05 + 0.025 * i;
        }
        return values;
    }

    /**
     * A scored document: confidence and truth per technique, and whether its id was written in the text.
     *
     * @param implied per technique, whether one of its sub-techniques is true here: ATT&amp;CK's sub-techniques are
     *     ways of doing their parent, so tagging the parent is not wrong there, only less precise. A technique's own
     *     threshold and release gate count such a prediction neither right nor wrong; the document-level figures still
     *     count it wrong.
     */
    record Scored(
            String kind,
            String title,
            double[] confidence,
            boolean[] truth,
            boolean[] explicit,
            boolean[] ignored,
            boolean[] implied) {}

    /**
     * The decision for every technique.
     *
     * @param thresholds per technique
     * @param released per technique
     * @param precision per technique at its threshold, NaN when never predicted
     * @param recall per technique at its threshold, NaN without support
     * @param support documents carrying each technique
     * @param globalThreshold the threshold of techniques without enough support of their own
     */
    record Decision(
            double[] thresholds,
            boolean[] released,
            double[] precision,
            double[] recall,
            int[] support,
            double globalThreshold) {

        boolean predicts(Scored document, int t, Double override) {
            if (document.explicit()[t]) {
                return true;
            }
            double threshold = override == null ? thresholds[t] : override;
            return released[t] && document.confidence()[t] >= threshold;
        }
    }

    /** Counts of one comparison. */
    record Counts(long truePositives, long falsePositives, long falseNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 0 : (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        Counts plus(Counts other) {
            return new Counts(
                    truePositives + other.truePositives,
                    falsePositives + other.falsePositives,
                    falseNegatives + other.falseNegatives);
        }
    }

    /**
     * Tunes thresholds and the release gate.
     *
     * @param documents the tuning documents
     * @param globalDocuments the documents the shared threshold is chosen on (the real reports among them)
     * @param minSupport the release gate's least support
     * @param minReportPrecision the release gate's least precision on annotated reports
     * @param minPseudoPrecision the release gate's least precision where pseudo-reports decide
     */
    static Decision tune(
            List<Scored> allDocuments,
            List<Scored> globalDocuments,
            int techniques,
            int minSupport,
            double minReportPrecision,
            double minPseudoPrecision) {
        double global = 0.5;
        double bestF1 = -1;
        for (double threshold : GRID) {
            Counts counts = new Counts(0, 0, 0);
            for (Scored document : globalDocuments) {
                counts = counts.plus(count(document, threshold));
            }
            if (counts.f1() > bestF1 + 1e-12) {
                bestF1 = counts.f1();
                global = threshold;
            }
        }
        double[] thresholds = new double[techniques];
        boolean[] released = new boolean[techniques];
        double[] precision = new double[techniques];
        double[] recall = new double[techniques];
        int[] support = new int[techniques];
        for (int t = 0; t < techniques; t++) {
            // Real annotated reports decide for a technique they carry often enough; the others are decided on all
            // validation documents, most of which are pseudo-reports of held-out actors' procedure examples.
            int inReports = 0;
            for (Scored document : globalDocuments) {
                if (document.truth()[t]) {
                    inReports++;
                }
            }
            boolean onReports = inReports >= MIN_REPORT_SUPPORT;
            List<Scored> documents = onReports ? globalDocuments : allDocuments;
            double minPrecision = onReports ? minReportPrecision : minPseudoPrecision;
            for (Scored document : documents) {
                if (document.truth()[t]) {
                    support[t]++;
                }
            }
            // A technique starts at the shared threshold, or at its own best-F1 threshold when enough documents carry
            // it: thresholds tuned on a handful of documents fitted those documents and lost F1 on reports they had
            // not seen. A technique that misses the precision bar there moves to the threshold nearest its start that
            // meets it with at least one right tag (higher on a tie): fewer, surer tags are better than none.
            double chosen = global;
            if (support[t] >= MIN_OWN_THRESHOLD_SUPPORT) {
                double best = techniqueCounts(documents, t, global).f1();
                for (double threshold : GRID) {
                    double f1 = techniqueCounts(documents, t, threshold).f1();
                    if (f1 > best + 1e-12) {
                        best = f1;
                        chosen = threshold;
                    }
                }
            }
            Counts atChosen = techniqueCounts(documents, t, chosen);
            if (support[t] >= minSupport && (atChosen.truePositives() == 0 || atChosen.precision() < minPrecision)) {
                double start = chosen;
                double nearest = Double.NaN;
                for (double threshold : GRID) {
                    Counts counts = techniqueCounts(documents, t, threshold);
                    if (counts.truePositives() == 0 || counts.precision() < minPrecision) {
                        continue;
                    }
                    double distance = Math.abs(threshold - start);
                    double nearestDistance = Double.isNaN(nearest) ? Double.MAX_VALUE : Math.abs(nearest - start);
                    if (distance < nearestDistance - 1e-12
                            || (Math.abs(distance - nearestDistance) <= 1e-12 && threshold > nearest)) {
                        nearest = threshold;
                    }
                }
                if (!Double.isNaN(nearest)) {
                    chosen = nearest;
                }
            }
            thresholds[t] = chosen;
            Counts counts = techniqueCounts(documents, t, chosen);
            precision[t] = counts.truePositives() + counts.falsePositives() == 0 ? Double.NaN : counts.precision();
            recall[t] = support[t] == 0 ? Double.NaN : counts.recall();
            released[t] = support[t] >= minSupport && !Double.isNaN(precision[t]) && precision[t] >= minPrecision;
        }
        return new Decision(thresholds, released, precision, recall, support, global);
    }

    private static Counts count(Scored document, double threshold) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int t = 0; t < document.truth().length; t++) {
            if (document.ignored()[t]) {
                continue;
            }
            boolean predicted = document.explicit()[t] || document.confidence()[t] >= threshold;
            if (predicted && document.truth()[t]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (document.truth()[t]) {
                fn++;
            }
        }
        return new Counts(tp, fp, fn);
    }

    private static Counts techniqueCounts(List<Scored> documents, int t, double threshold) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (Scored document : documents) {
            if (document.ignored()[t] || (document.implied()[t] && !document.truth()[t])) {
                continue;
            }
            boolean predicted = document.explicit()[t] || document.confidence()[t] >= threshold;
            if (predicted && document.truth()[t]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (document.truth()[t]) {
                fn++;
            }
        }
        return new Counts(tp, fp, fn);
    }

    /**
     * Micro-averaged counts of a decision over documents.
     *
     * @param space the techniques that count, or null for all
     */
    static Counts evaluate(List<Scored> documents, Decision decision, boolean[] space, Double override) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (Scored document : documents) {
            for (int t = 0; t < document.truth().length; t++) {
                if (space != null && !space[t]) {
                    continue;
                }
                if (document.ignored()[t]) {
                    continue;
                }
                boolean predicted = decision.predicts(document, t, override);
                if (predicted && document.truth()[t]) {
                    tp++;
                } else if (predicted) {
                    fp++;
                } else if (document.truth()[t]) {
                    fn++;
                }
            }
        }
        return new Counts(tp, fp, fn);
    }

    /** One row of a reliability table. */
    record Bin(double from, double to, long count, double meanConfidence, double observed) {}

    /** Reliability table over ten equal-width bins of (confidence, truth) pairs. */
    static List<Bin> reliability(List<double[]> pairs) {
        int bins = 10;
        long[] count = new long[bins];
        double[] confidence = new double[bins];
        double[] positives = new double[bins];
        for (double[] pair : pairs) {
            int bin = Math.min(bins - 1, (int) (pair[0] * bins));
            count[bin]++;
            confidence[bin] += pair[0];
            positives[bin] += pair[1];
        }
        List<Bin> table = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            table.add(new Bin(
                    b / 10.0,
                    (b + 1) / 10.0,
                    count[b],
                    count[b] == 0 ? 0 : confidence[b] / count[b],
                    count[b] == 0 ? 0 : positives[b] / count[b]));
        }
        return table;
    }

    /** Expected calibration error: the count-weighted mean gap between confidence and observed frequency. */
    static double expectedCalibrationError(List<Bin> table) {
        long total = table.stream().mapToLong(Bin::count).sum();
        double error = 0;
        for (Bin bin : table) {
            error += (double) bin.count() / Math.max(total, 1) * Math.abs(bin.meanConfidence() - bin.observed());
        }
        return error;
    }
}
