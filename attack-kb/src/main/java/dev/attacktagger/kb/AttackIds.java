package dev.attacktagger.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises the ways people write ATT&amp;CK technique ids to the canonical {@code T1059} / {@code T1059.001} form.
 *
 * <p>Accepted separators between technique and sub-technique are {@code .}, {@code /}, {@code -} (and the dashes
 * word processors write for it), {@code _} and, inside ATT&amp;CK URLs, {@code /}. A sub-technique is never
 * shortened to its parent: {@code T1583.001} is always {@code T1583.001}, never {@code T1583}.
 */
public final class AttackIds {

    /**
     * The separators between technique and sub-technique: {@code . / _ -} and the dashes word processors put in
     * place of a hyphen (hyphen, non-breaking hyphen, figure dash, en dash, minus sign).
     */
    private static final String SEPARATOR = "[./_\\-\u2010\u2011\u2012\u2013\u2212]";

    /**
     * An id as it appears in running text. The look-arounds keep it from matching inside longer words or numbers
     * ({@code XT1059}, {@code T10590}); the optional suffix takes exactly three digits so that {@code T1059.0011} is
     * not read as {@code T1059.001}.
     */
    private static final Pattern IN_TEXT = Pattern.compile(
            "(?<![A-Za-z0-9])[Tt](\\d{4})(?:" + SEPARATOR + "(\\d{3}))?(?![0-9])(?!" + SEPARATOR + "?\\d)");

    private static final Pattern WHOLE =
            Pattern.compile("\\s*[Tt](\\d{4})(?:\\s*" + SEPARATOR + "\\s*(\\d{3}))?\\s*/?\\s*");

    private static final Pattern TACTIC = Pattern.compile("\\s*(?i:TA)(\\d{4})\\s*");

    private AttackIds() {}

    /**
     * Normalises one id written by a person or found in a URL.
     *
     * @param written for example {@code t1059/001}, {@code T1059-001} or
     *     {@code https://attack.mitre.org/techniques/T1547/001/}
     * @return the canonical id, or empty when the text is not a technique id
     */
    public static Optional<String> normalize(String written) {
        if (written == null) {
            return Optional.empty();
        }
        String text = written;
        int techniques = text.indexOf("/techniques/");
        if (techniques >= 0) {
            text = text.substring(techniques + "/techniques/".length());
        }
        Matcher matcher = WHOLE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(canonical(matcher.group(1), matcher.group(2)));
    }

    /**
     * Normalises a tactic id such as {@code ta0002}.
     *
     * @return {@code TA0002}, or empty when the text is not a tactic id
     */
    public static Optional<String> normalizeTactic(String written) {
        if (written == null) {
            return Optional.empty();
        }
        Matcher matcher = TACTIC.matcher(written);
        return matcher.matches() ? Optional.of("TA" + matcher.group(1)) : Optional.empty();
    }

    /** Whether {@code id} is in canonical form. */
    public static boolean isCanonical(String id) {
        return id != null && id.matches("T\\d{4}(\\.\\d{3})?");
    }

    /** The parent technique of a sub-technique id, or the id itself for a technique. */
    public static String parentOf(String canonicalId) {
        int dot = canonicalId.indexOf('.');
        return dot < 0 ? canonicalId : canonicalId.substring(0, dot);
    }

    /**
     * Finds every technique id written in a text, with its position, in the order they appear.
     *
     * @return the mentions, each with the canonical id and the span of the text as written
     */
    public static List<IdMention> findAll(CharSequence text) {
        List<IdMention> mentions = new ArrayList<>();
        Matcher matcher = IN_TEXT.matcher(text);
        while (matcher.find()) {
            mentions.add(new IdMention(
                    canonical(matcher.group(1), matcher.group(2)), matcher.start(), matcher.end(), matcher.group()));
        }
        return mentions;
    }

    private static String canonical(String technique, String sub) {
        return sub == null ? "T" + technique : "T" + technique + "." + sub;
    }

    /** One id found in a text: the canonical id and where it was written. */
    public record IdMention(String id, int start, int end, String written) {
        public IdMention {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("expected 0 <= start <= end, found " + start + ", " + end);
            }
        }
    }
}
