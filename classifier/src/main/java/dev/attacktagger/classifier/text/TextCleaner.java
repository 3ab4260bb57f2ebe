package dev.attacktagger.classifier.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cleaning steps between raw extracted text and the text that is classified. Each step is a pure function of its
 * input, so the steps can be tested and combined freely.
 */
public final class TextCleaner {

    /** Lines of this many characters or more are never taken for a page header or footer. */
    private static final int MAX_HEADER_LENGTH = 150;

    /** How many lines at the top and at the bottom of a page can be a header or a footer. */
    private static final int HEADER_LINES = 3;

    /** Prefixes that keep their hyphen before a lower-case word at a line break, as in "self-signed". */
    private static final Set<String> HYPHENATED_PREFIXES = Set.of("self", "cross", "well", "half");

    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "(?iu)(?:page|p\\.|seite|página|pagina|стр\\.?|страница)?\\s*[-–—]?\\s*(?:\\d{1,5}|[ivxlc]{1,7})"
                    + "\\s*(?:(?:of|/|von|de|sur|из)\\s*\\d{1,5})?\\s*[-–—]?");

    private static final Pattern MARKDOWN_HEADING = Pattern.compile("^ {0,3}#{1,6}(?:[ \\t]+|$)");
    private static final Pattern MARKDOWN_RULE = Pattern.compile("^ {0,3}(?:[-*_][ \\t]*){3,}$");
    private static final Pattern MARKDOWN_SETEXT = Pattern.compile("^ {0,3}(?:=+|-+)[ \\t]*$");
    private static final Pattern MARKDOWN_TABLE_SEPARATOR =
            Pattern.compile("^[ \\t]*\\|?[ \\t]*:?-{3,}:?[ \\t]*(?:\\|[ \\t]*:?-{3,}:?[ \\t]*)*\\|?[ \\t]*$");
    private static final Pattern MARKDOWN_FENCE = Pattern.compile("^ {0,3}(?:```|~~~).*$");
    private static final Pattern MARKDOWN_REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s+\\S+.*$");
    private static final Pattern MARKDOWN_QUOTE = Pattern.compile("^ {0,3}(?:>[ \\t]?)+");
    private static final Pattern MARKDOWN_IMAGE_OR_LINK =
            Pattern.compile("!?\\[([^\\]\\n]*)]\\(((?:[^()\\s]|\\([^()\\s]*\\))*)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern MARKDOWN_REFERENCE_LINK = Pattern.compile("!?\\[([^\\]\\n]+)]\\[[^\\]\\n]*]");
    private static final Pattern MARKDOWN_AUTOLINK = Pattern.compile("<((?:https?|ftp|mailto):[^>\\s]+)>");
    private static final Pattern MARKDOWN_CODE = Pattern.compile("`+([^`\\n]+?)`+");
    private static final Pattern MARKDOWN_STRONG = Pattern.compile("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
    private static final Pattern MARKDOWN_EMPHASIS_STAR =
            Pattern.compile("(?<![*\\w])\\*(?=[^\\s*])(.+?)(?<=[^\\s*])\\*(?![*\\w])");
    private static final Pattern MARKDOWN_EMPHASIS_UNDERSCORE =
            Pattern.compile("(?<![_\\w])_(?=[^\\s_])(.+?)(?<=[^\\s_])_(?![_\\w])");
    private static final Pattern MARKDOWN_STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern MARKDOWN_TRAILING_HASHES = Pattern.compile("[ \\t]+#+[ \\t]*$");

    private TextCleaner() {}

    /**
     * Normalises text: Unicode NFKC (ligatures such as {@code ﬁ} become letters, full-width forms become ASCII), line
     * breaks become {@code \n}, page breaks and paragraph separators a blank line, soft hyphens, zero-width spaces,
     * byte order marks and control characters are removed, runs of spaces become one space (runs containing a tab one
     * tab, so table cells stay apart), lines are trimmed, more than one blank line becomes one, and the text is trimmed.
     */
    public static String normalize(String text) {
        String nfkc = Normalizer.isNormalized(text, Normalizer.Form.NFKC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        int newlines = 0;
        boolean pendingSpace = false;
        boolean pendingTab = false;
        int n = nfkc.length();
        for (int i = 0; i < n; i++) {
            char c = nfkc.charAt(i);
            int breaks = lineBreaks(c);
            if (breaks > 0) {
                if (c == '\r' && i + 1 < n && nfkc.charAt(i + 1) == '\n') {
                    i++;
                }
                if (out.length() > 0) {
                    newlines += breaks;
                }
                pendingSpace = false;
                pendingTab = false;
                continue;
            }
            if (c == '\t') {
                pendingTab = true;
                continue;
            }
            if (Character.isSpaceChar(c) || Character.isWhitespace(c)) {
                pendingSpace = true;
                continue;
            }
            if (c == '\u00AD'
                    || c == '\u200B'
                    || c == '\u2060'
                    || c == '\uFEFF'
                    || Character.getType(c) == Character.CONTROL) {
                continue;
            }
            if (newlines > 0) {
                out.append(newlines >= 2 ? "\n\n" : "\n");
                newlines = 0;
            } else if ((pendingSpace || pendingTab) && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append(pendingTab ? '\t' : ' ');
            }
            pendingSpace = false;
            pendingTab = false;
            out.append(c);
        }
        return out.toString();
    }

    /** How many line breaks a character counts for: 0 for none, 2 for a page break or paragraph separator. */
    private static int lineBreaks(char c) {
        return switch (c) {
            case '\n', '\r', '\u000B', '\u0085', '\u2028' -> 1;
            case '\f', '\u2029' -> 2;
            default -> 0;
        };
    }

    /**
     * Joins words that a hyphen splits across a line break. The hyphen and the line break are removed
     * ({@code mali-\ncious} → {@code malicious}, {@code Power-\nShell} → {@code PowerShell}) or only the line break is
     * removed ({@code command-and-\ncontrol} → {@code command-and-control}) by these rules, in order:
     *
     * <ol>
     *   <li>the piece before the hyphen already contains a hyphen: keep the hyphen;
     *   <li>the text elsewhere has the hyphenated word: keep it; else the text elsewhere has the joined word: join;
     *   <li>the next word starts in lower case: join, unless the piece is a prefix usually written with a hyphen
     *       ({@code self}, {@code cross}, {@code well}, {@code half});
     *   <li>the next word starts with a capital: join when both pieces are capitalised words with lower-case letters (a
     *       camel-case name such as {@code PowerShell}), keep the hyphen otherwise ({@code pre-Windows},
     *       {@code MS-DOS}).
     * </ol>
     *
     * Only a hyphen right after a letter and before a letter on the next line counts; other line breaks stay.
     */
    public static String joinHyphenatedLines(String text) {
        StringBuilder out = null;
        Set<String> words = null;
        int copied = 0;
        int n = text.length();
        for (int i = 1; i < n - 1; i++) {
            char hyphen = text.charAt(i);
            if ((hyphen != '-' && hyphen != '\u2010') || !Character.isLetter(text.charAt(i - 1))) {
                continue;
            }
            int j = i + 1;
            while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                j++;
            }
            if (j >= n || text.charAt(j) != '\n') {
                continue;
            }
            int k = j + 1;
            while (k < n && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
                k++;
            }
            if (k >= n || !Character.isLetter(text.charAt(k))) {
                continue;
            }
            int f = i;
            while (f > 0 && !Character.isWhitespace(text.charAt(f - 1))) {
                f--;
            }
            while (f < i && !Character.isLetterOrDigit(text.charAt(f))) {
                f++;
            }
            int w = k;
            while (w < n && Character.isLetter(text.charAt(w))) {
                w++;
            }
            String fragment = text.substring(f, i);
            String next = text.substring(k, w);
            if (words == null) {
                words = words(text);
            }
            boolean keep = keepHyphen(fragment, next, words);
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(text, copied, keep ? i + 1 : i);
            copied = k;
            i = k - 1;
        }
        if (out == null) {
            return text;
        }
        out.append(text, copied, n);
        return out.toString();
    }

    private static boolean keepHyphen(String fragment, String next, Set<String> words) {
        if (fragment.indexOf('-') >= 0 || fragment.indexOf('\u2010') >= 0) {
            return true;
        }
        String hyphenated = (fragment + "-" + next).toLowerCase(Locale.ROOT);
        if (words.contains(hyphenated)) {
            return true;
        }
        if (words.contains((fragment + next).toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (Character.isLowerCase(next.charAt(0))) {
            return HYPHENATED_PREFIXES.contains(fragment.toLowerCase(Locale.ROOT));
        }
        boolean camelCase = Character.isUpperCase(fragment.charAt(0))
                && hasLowerCase(fragment)
                && Character.isUpperCase(next.charAt(0))
                && hasLowerCase(next);
        return !camelCase;
    }

    private static boolean hasLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLowerCase(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The lower-cased words of a text, hyphenated words whole, for the evidence rule of hyphen joining. */
    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || isInnerHyphen(text, i))) {
                i++;
            }
            if (i > s) {
                words.add(text.substring(s, i).toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }

    private static boolean isInnerHyphen(String text, int i) {
        char c = text.charAt(i);
        return (c == '-' || c == '\u2010')
                && i + 1 < text.length()
                && Character.isLetterOrDigit(text.charAt(i + 1))
                && i > 0
                && Character.isLetterOrDigit(text.charAt(i - 1));
    }

    /**
     * Removes page headers and footers: among the first and last three non-blank lines of each page, a line is dropped
     * when the same line, with numbers ignored and words in any order, is among the first or last lines of at least
     * 60% of the pages (and of two pages at least), and a line that is only a page number ({@code 7}, {@code Page 7 of
     * 12}, {@code - 7 -}, {@code vii}) is dropped when it stands at the top or bottom. Lines are dropped from the edge
     * inwards, stopping at the first line that is neither. Pages with a single line are left alone (their line is
     * the content, not a header), and nothing is removed from a single-page document.
     *
     * @param pages the text of each page, lines separated by {@code \n}
     * @return the pages without their headers and footers, in the same order
     */
    public static List<String> removeRepeatedHeadersAndFooters(List<String> pages) {
        if (pages.size() < 2) {
            return pages;
        }
        List<String[]> lines = new ArrayList<>(pages.size());
        // Top and bottom lines are counted together: some documents put the page number line at the top of odd
        // pages and at the bottom of even ones.
        Map<String, Integer> counts = new HashMap<>();
        for (String page : pages) {
            String[] pageLines = page.split("\n", -1);
            lines.add(pageLines);
            if (nonBlankLines(pageLines) >= 2) {
                Set<String> keys = edgeKeys(pageLines, true);
                keys.addAll(edgeKeys(pageLines, false));
                count(keys, counts);
            }
        }
        int needed = Math.max(2, (int) Math.ceil(pages.size() * 0.6));
        List<String> result = new ArrayList<>(pages.size());
        for (String[] pageLines : lines) {
            boolean[] drop = new boolean[pageLines.length];
            if (nonBlankLines(pageLines) >= 2) {
                markEdge(pageLines, drop, true, counts, needed);
                markEdge(pageLines, drop, false, counts, needed);
            }
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < pageLines.length; i++) {
                if (!drop[i]) {
                    if (kept.length() > 0) {
                        kept.append('\n');
                    }
                    kept.append(pageLines[i]);
                }
            }
            result.add(kept.toString());
        }
        return result;
    }

    private static int nonBlankLines(String[] lines) {
        int count = 0;
        for (String line : lines) {
            if (!line.isBlank()) {
                count++;
            }
        }
        return count;
    }

    private static void count(Set<String> keys, Map<String, Integer> counts) {
        for (String key : keys) {
            counts.merge(key, 1, Integer::sum);
        }
    }

    private static Set<String> edgeKeys(String[] lines, boolean top) {
        Set<String> keys = new HashSet<>();
        int seen = 0;
        for (int k = 0; k < lines.length && seen < HEADER_LINES; k++) {
            String line = lines[top ? k : lines.length - 1 - k].strip();
            if (!line.isEmpty()) {
                seen++;
                if (line.length() < MAX_HEADER_LENGTH) {
                    keys.add(headerKey(line));
                }
            }
        }
        return keys;
    }

    private static void markEdge(String[] lines, boolean[] drop, boolean top, Map<String, Integer> counts, int needed) {
        int seen = 0;
        for (int k = 0; k < lines.length && seen < HEADER_LINES; k++) {
            int index = top ? k : lines.length - 1 - k;
            String line = lines[index].strip();
            if (line.isEmpty()) {
                continue;
            }
            seen++;
            boolean repeated = line.length() < MAX_HEADER_LENGTH && counts.getOrDefault(headerKey(line), 0) >= needed;
            if (repeated || PAGE_NUMBER.matcher(line).matches()) {
                drop[index] = true;
            } else {
                return;
            }
        }
    }

    /** A header line's identity: its words lower-cased and sorted, every number the same. */
    static String headerKey(String line) {
        List<String> tokens = new ArrayList<>();
        for (String token : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!token.isEmpty()) {
                tokens.add(token.chars().allMatch(Character::isDigit) ? "#" : token);
            }
        }
        tokens.sort(null);
        return String.join(" ", tokens);
    }

    /**
     * Removes Markdown syntax but keeps its text: heading marks, emphasis, strike-through, inline code marks, code
     * fences, block quote marks, horizontal rules, table separator rows and link targets ({@code [text](url)} becomes
     * {@code text}, an image its alternative text). List markers and table pipes stay; the sentence splitter reads
     * them as item and row boundaries. Headings are set apart by blank lines so that they end a sentence.
     */
    public static String cleanMarkdown(String markdown) {
        String[] lines = markdown.split("\n", -1);
        StringBuilder out = new StringBuilder(markdown.length());
        for (String raw : lines) {
            String line = raw;
            if (MARKDOWN_FENCE.matcher(line).matches()
                    || MARKDOWN_RULE.matcher(line).matches()
                    || MARKDOWN_TABLE_SEPARATOR.matcher(line).matches()
                    || MARKDOWN_REFERENCE.matcher(line).matches()) {
                out.append('\n');
                continue;
            }
            if (MARKDOWN_SETEXT.matcher(line).matches() && out.length() > 0) {
                // The line above was a heading: a blank line keeps it a sentence of its own.
                out.append('\n');
                continue;
            }
            boolean heading = false;
            Matcher m = MARKDOWN_HEADING.matcher(line);
            if (m.lookingAt()) {
                line = MARKDOWN_TRAILING_HASHES.matcher(line.substring(m.end())).replaceFirst("");
                heading = true;
            }
            m = MARKDOWN_QUOTE.matcher(line);
            if (m.lookingAt()) {
                line = line.substring(m.end());
            }
            line = inlineMarkdown(line);
            if (heading) {
                out.append('\n').append(line).append("\n\n");
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * What a link adds to the extracted text after its own text: its target, in parentheses when the link has text,
     * when the target is an ATT&amp;CK technique page that the text does not name by id, so that the id in the address
     * is found like one written in the text; else nothing.
     */
    static String linkSuffix(String text, String target) {
        if (target == null || !target.contains("attack.mitre.org/techniques/")) {
            return "";
        }
        String id = dev.attacktagger.kb.AttackIds.normalize(target).orElse(null);
        if (id == null
                || dev.attacktagger.kb.AttackIds.findAll(text).stream()
                        .anyMatch(mention -> mention.id().equals(id))) {
            return "";
        }
        return text.isBlank() ? target : " (" + target + ")";
    }

    private static String inlineMarkdown(String line) {
        if (line.indexOf('[') >= 0) {
            line = MARKDOWN_IMAGE_OR_LINK
                    .matcher(line)
                    .replaceAll(
                            link -> Matcher.quoteReplacement(link.group(1) + linkSuffix(link.group(1), link.group(2))));
            line = MARKDOWN_REFERENCE_LINK.matcher(line).replaceAll("$1");
        }
        if (line.indexOf('<') >= 0) {
            line = MARKDOWN_AUTOLINK.matcher(line).replaceAll("$1");
        }
        if (line.indexOf('`') >= 0) {
            line = MARKDOWN_CODE.matcher(line).replaceAll("$1");
        }
        if (line.indexOf('*') >= 0 || line.indexOf('_') >= 0) {
            line = MARKDOWN_STRONG.matcher(line).replaceAll("$2");
            line = MARKDOWN_EMPHASIS_STAR.matcher(line).replaceAll("$1");
            line = MARKDOWN_EMPHASIS_UNDERSCORE.matcher(line).replaceAll("$1");
        }
        if (line.indexOf('~') >= 0) {
            line = MARKDOWN_STRIKE.matcher(line).replaceAll("$1");
        }
        return line;
    }

    /** The text of the first Markdown heading ({@code # Title}), or null when there is none. */
    public static String markdownTitle(String markdown) {
        for (String line : markdown.split("\n", 200)) {
            Matcher m = MARKDOWN_HEADING.matcher(line);
            if (m.lookingAt() && line.length() > m.end()) {
                String title = inlineMarkdown(MARKDOWN_TRAILING_HASHES
                                .matcher(line.substring(m.end()))
                                .replaceFirst(""))
                        .strip();
                if (!title.isEmpty()) {
                    return title;
                }
            }
        }
        return null;
    }
}
