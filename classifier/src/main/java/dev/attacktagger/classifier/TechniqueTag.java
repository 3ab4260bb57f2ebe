package dev.attacktagger.classifier;

import java.util.List;

/**
 * One ATT&amp;CK technique found in a document.
 *
 * @param id the canonical technique id, for example {@code T1059.001}
 * @param name the technique's name
 * @param tactics the tactics' short names, in matrix order
 * @param confidence the calibrated probability that the document describes the technique, in [0, 1]
 * @param evidence the best supporting passages, best first (empty when evidence was not asked for)
 */
public record TechniqueTag(String id, String name, List<String> tactics, double confidence, List<Evidence> evidence) {}
