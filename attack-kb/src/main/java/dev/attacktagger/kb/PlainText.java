package dev.attacktagger.kb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the markdown of ATT&amp;CK descriptions into plain text. */
public final class PlainText {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern CITATION = Pattern.compile("\\s*\\(Citation:[^)]*\\)");
    private static final Pattern TAG = Pattern.compile("</?(code|b|i|em|strong|br|sup|sub)\\s*/?>");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f]+");

    private PlainText() {}

    /**
     * Reduces {@code [text](url)} links to their text, removes {@code (Citation: ...)} markers and inline HTML tags,
     * and collapses runs of spaces. Paragraph breaks are kept.
     */
    public static String fromMarkdown(String markdown) {
        if (markdown == null) {
            return "";
        }
        String text = LINK.matcher(markdown).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        text = CITATION.matcher(text).replaceAll("");
        text = TAG.matcher(text).replaceAll("");
        text = SPACES.matcher(text).replaceAll(" ");
        return text.replace(" \n", "\n").strip();
    }
}
