package dev.attacktagger.classifier.train;

import java.util.List;

/**
 * Fits a logistic regression with a small L2 penalty by Newton's method: few features, many rows, an exact and
 * deterministic answer.
 */
final class LogisticFit {

    private LogisticFit() {}

    /**
     * Fits weights and bias.
     *
     * @param rows feature vectors
     * @param labels whether each row is positive
     * @param weights how much each row counts
     * @param penalty L2 penalty on the weights (not the bias)
     * @return the weights followed by the bias
     */
    static double[] fit(List<float[]> rows, boolean[] labels, double[] weights, double penalty) {
        int features = rows.get(0).length;
        int size = features + 1;
        double[] beta = new double[size];
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] gradient = new double[size];
            double[][] hessian = new double[size][size];
            for (int r = 0; r < rows.size(); r++) {
                float[] x = rows.get(r);
                double z = beta[features];
                for (int f = 0; f < features; f++) {
                    z += beta[f] * x[f];
                }
                double p = 1.0 / (1.0 + Math.exp(-z));
                double residual = weights[r] * (p - (labels[r] ? 1 : 0));
                double curvature = weights[r] * Math.max(p * (1 - p), 1e-9);
                for (int i = 0; i < size; i++) {
                    double xi = i == features ? 1 : x[i];
                    gradient[i] += residual * xi;
                    for (int j = 0; j <= i; j++) {
                        double xj = j == features ? 1 : x[j];
                        hessian[i][j] += curvature * xi * xj;
                    }
                }
            }
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < i; j++) {
                    hessian[j][i] = hessian[i][j];
                }
                if (i < features) {
                    gradient[i] += penalty * beta[i];
                    hessian[i][i] += penalty;
                }
            }
            double[] change = solve(hessian, gradient);
            double largest = 0;
            for (int i = 0; i < size; i++) {
                beta[i] -= change[i];
                largest = Math.max(largest, Math.abs(change[i]));
            }
            if (largest < 1e-8) {
                break;
            }
        }
        return beta;
    }

    static double predict(double[] beta, float[] x) {
        double z = beta[beta.length - 1];
        for (int f = 0; f < x.length; f++) {
            z += beta[f] * x[f];
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] matrix, double[] vector) {
        int n = vector.length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, n);
            a[i][n] = vector[i];
        }
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int row = column + 1; row < n; row++) {
                if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
                    pivot = row;
                }
            }
            double[] swap = a[column];
            a[column] = a[pivot];
            a[pivot] = swap;
            double diagonal = a[column][column];
            if (Math.abs(diagonal) < 1e-12) {
                continue;
            }
            for (int row = 0; row < n; row++) {
                if (row != column) {
                    double factor = a[row][column] / diagonal;
                    for (int k = column; k <= n; k++) {
                        a[row][k] -= factor * a[column][k];
                    }
                }
            }
        }
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            result[i] = Math.abs(a[i][i]) < 1e-12 ? 0 : a[i][n] / a[i][i];
        }
        return result;
    }
}
