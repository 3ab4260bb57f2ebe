package dev.attacktagger.classifier.text;

/**
 * A sentence of an extracted text.
 *
 * @param start offset of its first character in the text
 * @param end offset just past its last character
 * @param text equal to {@code text.substring(start, end)}
 */
public record Sentence(int start, int end, String text) {}
