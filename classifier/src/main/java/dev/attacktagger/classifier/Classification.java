package dev.attacktagger.classifier;

import java.util.List;

/**
 * The techniques found in one document.
 *
 * @param techniques sorted by confidence, highest first
 * @param sentences how many sentences were scored
 * @param millis how long classification took
 */
public record Classification(List<TechniqueTag> techniques, int sentences, long millis) {}
