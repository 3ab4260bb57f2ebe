package dev.attacktagger.tag.report.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The content hash that finds duplicate reports: SHA-256 (hex) of the text after Unicode NFKC, lower-casing and
 * collapsing every run of whitespace to one space, trimmed.
 */
public final class ContentHash {

    private ContentHash() {}

    public static String of(String text) {
        String normalized = collapseWhitespace(
                        Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .strip();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Every run of Unicode white space becomes one space: what {@code replaceAll("\\s+", " ")} does with
     * {@code UNICODE_CHARACTER_CLASS}, in one pass, since a regular expression over a whole report was a noticeable
     * part of storing one.
     */
    static String collapseWhitespace(String text) {
        StringBuilder collapsed = new StringBuilder(text.length());
        int length = text.length();
        int i = 0;
        // Char by char: every white space character is in the Basic Multilingual Plane, no surrogate is one.
        while (i < length) {
            int start = i;
            if (isWhiteSpace(text.charAt(i))) {
                while (i < length && isWhiteSpace(text.charAt(i))) {
                    i++;
                }
                collapsed.append(' ');
            } else {
                while (i < length && !isWhiteSpace(text.charAt(i))) {
                    i++;
                }
                collapsed.append(text, start, i);
            }
        }
        return collapsed.toString();
    }

    /** The Unicode White_Space property, as {@code \\s} matches it with {@code UNICODE_CHARACTER_CLASS}. */
    static boolean isWhiteSpace(int c) {
        if ((c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85) {
            return true;
        }
        if (c < 0xa0) {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
