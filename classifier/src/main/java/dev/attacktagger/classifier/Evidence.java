package dev.attacktagger.classifier;

/**
 * A passage of the classified text that supports a technique.
 *
 * @param start offset of the first character in the classified text (UTF-16 code units, as Java strings count)
 * @param end offset just past the last character
 * @param text the passage, equal to {@code text.substring(start, end)}
 * @param score how strongly the passage alone indicates the technique, in [0, 1]
 */
public record Evidence(int start, int end, String text, double score) {}
