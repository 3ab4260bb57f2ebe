package dev.attacktagger.classifier.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits extracted text into sentences whose offsets point exactly into the text.
 *
 * <p>The text is first cut into blocks along its lines. A block ends at a blank line or page break, before a list
 * item, around a table row (a line with a tab, a {@code |} or a run of three spaces), and after a line without final
 * punctuation that is followed by a line starting in upper case when the line ends in a colon, is short (30
 * characters or less, or under 70% of the widest line of its paragraph) or is in title case. A line that is a single
 * token (a hash, an address, a number) ends a block unless the next line starts with a lower-case word. Other line
 * breaks are treated as spaces, because extracted PDF text wraps sentences across lines; a line ending in a comma or
 * hyphen, or followed by a line starting in lower case, continues.
 *
 * <p>Inside a block a sentence ends at {@code .}, {@code !}, {@code ?} or an ellipsis followed by whitespace and a
 * word that does not start in lower case, unless the word before the period is a known abbreviation ({@code e.g.},
 * {@code Inc.}, {@code Dr.}; {@code Fig.} and {@code No.} before a number), an initial or a dotted abbreviation such
 * as {@code U.S.}. Periods inside a token ({@code cmd.exe}, {@code evil.example.com}, {@code 10.0.0.1}, {@code v1.2},
 * {@code 3.5}) never end a sentence because no whitespace follows them. A sentence longer than the maximum length is
 * cut after the last semicolon before the limit, else the last comma, else at the last whitespace.
 *
 * <p>List markers ({@code -}, {@code *}, {@code •}, {@code 1.}, {@code (a)} ...) that open a block are not part of the
 * sentence; sentences without a letter or digit (separator lines, lone bullets) are dropped.
 *
 * <p>Instances hold no state besides the limit and are safe to share between threads.
 */
public final class SentenceSplitter {

    /** The default length, in characters, over which a sentence is cut. */
    public static final int DEFAULT_MAX_LENGTH = 600;

    /** Never end a sentence, whatever follows. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "e.g", "i.e", "eg", "ie", "vs", "cf", "al", "incl", "inc", "ltd", "corp", "co", "mr", "mrs", "dr", "prof",
            "sr", "jr", "st", "viz", "resp", "dept", "esp", "ca", "gen", "gov", "univ");

    /** End a sentence unless a number follows: {@code Fig. 3}, {@code No. 5}, {@code Jan. 12}. */
    private static final Set<String> BEFORE_NUMBER = Set.of(
            "no", "nos", "nr", "fig", "figs", "p", "pp", "vol", "sec", "sect", "ch", "eq", "ref", "art", "para", "jan",
            "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ver", "rev", "tab", "min",
            "max", "approx");

    private static final Pattern DOTTED_ABBREVIATION = Pattern.compile("(?:\\p{L}\\.)+\\p{L}");

    private static final Pattern LIST_MARKER = Pattern.compile(
            "(?:[-*+•●▪◦■‣⁃–—·]|\\d{1,3}[.)]|\\(\\d{1,3}\\)|\\([a-zA-Z]\\)|[a-z][.)]|[A-Z]\\)|[ivx]{1,4}[.)]|[IVX]{1,4}[.)])"
                    + "[ \\t\\u00A0]+");

    private static final String CLOSERS = "\"')]}”’»›";
    private static final String OPENERS = "\"'([{“‘«‹";
    private static final String INLINE_BULLETS = "•●▪◦■‣⁃";

    private final int maxLength;

    /** A splitter that cuts sentences over {@value #DEFAULT_MAX_LENGTH} characters. */
    public SentenceSplitter() {
        this(DEFAULT_MAX_LENGTH);
    }

    /**
     * A splitter with its own length limit.
     *
     * @param maxLength the length over which a sentence is cut; at least 20
     */
    public SentenceSplitter(int maxLength) {
        if (maxLength < 20) {
            throw new IllegalArgumentException("maxLength must be at least 20, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * Splits a text into sentences.
     *
     * @param text the text; offsets of the result point into it
     * @return the sentences in order, each trimmed of surrounding whitespace and with {@code text.substring(start,
     *     end)} equal to its text; empty for a blank text
     */
    public List<Sentence> split(String text) {
        Objects.requireNonNull(text, "text");
        List<Sentence> out = new ArrayList<>();
        List<Line> lines = lines(text);
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).blank(text)) {
                i++;
                continue;
            }
            // A run of non-blank lines: a paragraph, a list, a table or wrapped text.
            int j = i;
            int widest = 0;
            while (j < lines.size() && !lines.get(j).blank(text)) {
                widest = Math.max(widest, lines.get(j).trimmedLength(text));
                if (lines.get(j).hardBreak) {
                    j++;
                    break;
                }
                j++;
            }
            int blockStart = lines.get(i).start;
            for (int k = i; k < j; k++) {
                boolean last = k == j - 1;
                if (last || endsBlock(text, lines.get(k), lines.get(k + 1), widest)) {
                    splitBlock(text, blockStart, lines.get(k).end, out);
                    if (!last) {
                        blockStart = lines.get(k + 1).start;
                    }
                }
            }
            i = j;
        }
        return out;
    }

    private record Line(int start, int end, boolean hardBreak) {

        boolean blank(String text) {
            for (int i = start; i < end; i++) {
                if (!isSpace(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        int trimmedLength(String text) {
            int s = skipSpace(text, start, end);
            int e = end;
            while (e > s && isSpace(text.charAt(e - 1))) {
                e--;
            }
            return e - s;
        }
    }

    private static List<Line> lines(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n'
                    || c == '\r'
                    || c == '\f'
                    || c == '\u000B'
                    || c == '\u0085'
                    || c == '\u2028'
                    || c == '\u2029') {
                // A form feed (page break) or paragraph separator ends a block like a blank line does.
                lines.add(new Line(start, i, c == '\f' || c == '\u2029'));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(new Line(start, n, false));
        return lines;
    }

    /** Whether the break between two non-blank lines of one run ends a block rather than wrapping a sentence. */
    private static boolean endsBlock(String text, Line line, Line next, int widest) {
        if (line.hardBreak) {
            return true;
        }
        int nextStart = skipSpace(text, next.start, next.end);
        if (listMarkerEnd(text, nextStart, next.end) >= 0 || isTableRow(text, line) || isTableRow(text, next)) {
            return true;
        }
        int s = skipSpace(text, line.start, line.end);
        int e = line.end;
        while (e > s && isSpace(text.charAt(e - 1))) {
            e--;
        }
        char last = text.charAt(e - 1);
        if (",;-–/(&".indexOf(last) >= 0) {
            return false;
        }
        if (isSingleToken(text, s, e) && !startsWithLowerCaseWord(text, nextStart, next.end)) {
            // A line that is one token (a hash, an address, a number) is an item of a list of indicators or values;
            // wrapped prose rarely leaves one word alone on a line, and when it does (a long registry key or path
            // set on a line of its own) the sentence goes on with an ordinary lower-case word.
            return true;
        }
        char first = text.charAt(nextStart);
        if (Character.isLowerCase(first)) {
            return false;
        }
        if (last == ':') {
            return true;
        }
        if (".!?…".indexOf(last) >= 0
                || CLOSERS.indexOf(last) >= 0 && e - s > 1 && ".!?".indexOf(text.charAt(e - 2)) >= 0) {
            // The sentence rules decide; the line break counts as a space.
            return false;
        }
        int length = e - s;
        if (length <= 30 || widest >= 50 && length < widest * 0.7) {
            return true;
        }
        return isTitleCase(text, s, e);
    }

    private static boolean startsWithLowerCaseWord(String text, int s, int e) {
        int i = s;
        while (i < e && Character.isLowerCase(text.charAt(i))) {
            i++;
        }
        return i > s && (i == e || isSpace(text.charAt(i)) || ",.;:".indexOf(text.charAt(i)) >= 0);
    }

    private static boolean isSingleToken(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            if (isSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTableRow(String text, Line line) {
        int s = skipSpace(text, line.start, line.end);
        int spaces = 0;
        for (int i = s; i < line.end; i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '|') {
                return true;
            }
            if (c == ' ') {
                spaces++;
                if (spaces >= 3 && i + 1 < line.end && !isSpace(text.charAt(i + 1))) {
                    return true;
                }
            } else {
                spaces = 0;
            }
        }
        return false;
    }

    /** Every word of four letters or more starts with a capital: a heading such as "Initial Access Via Phishing". */
    private static boolean isTitleCase(String text, int s, int e) {
        int words = 0;
        int i = s;
        while (i < e) {
            while (i < e && isSpace(text.charAt(i))) {
                i++;
            }
            int w = i;
            while (i < e && !isSpace(text.charAt(i))) {
                i++;
            }
            if (i - w >= 4 && Character.isLetter(text.charAt(w))) {
                if (!Character.isUpperCase(text.charAt(w))) {
                    return false;
                }
                words++;
            }
        }
        return words >= 2;
    }

    /** The end of a list marker and the spaces after it at {@code pos}, or -1 when there is none. */
    private static int listMarkerEnd(String text, int pos, int end) {
        if (pos >= end) {
            return -1;
        }
        Matcher m = LIST_MARKER.matcher(text).region(pos, end);
        return m.lookingAt() ? m.end() : -1;
    }

    private void splitBlock(String text, int from, int to, List<Sentence> out) {
        int start = skipSpace(text, from, to);
        int markerEnd = listMarkerEnd(text, start, to);
        if (markerEnd >= 0) {
            start = markerEnd;
        }
        // Bullets run together on one line ("• one • two"), as PDF text often has them, are items of their own.
        int pieceStart = start;
        for (int i = start + 1; i < to - 1; i++) {
            // Extracted text often glues a bullet to the end of the previous item ("address.• Next"), so only the
            // space after the bullet is required.
            if (INLINE_BULLETS.indexOf(text.charAt(i)) >= 0 && isSpace(text.charAt(i + 1))) {
                splitSentences(text, pieceStart, i, out);
                pieceStart = i + 1;
            }
        }
        splitSentences(text, pieceStart, to, out);
    }

    private void splitSentences(String text, int from, int to, List<Sentence> out) {
        int sentenceStart = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '。' || c == '！' || c == '？') {
                int j = i + 1;
                while (j < to && CLOSERS.indexOf(text.charAt(j)) >= 0) {
                    j++;
                }
                emit(text, sentenceStart, j, out);
                sentenceStart = j;
                i = j - 1;
                continue;
            }
            if (c != '.' && c != '!' && c != '?' && c != '…') {
                continue;
            }
            int j = i + 1;
            while (j < to && (".!?…".indexOf(text.charAt(j)) >= 0 || CLOSERS.indexOf(text.charAt(j)) >= 0)) {
                j++;
            }
            if (j < to && !isSpace(text.charAt(j))) {
                // A period inside a token: a file name, a domain, an address, a version or a decimal.
                i = j - 1;
                continue;
            }
            int k = skipSpace(text, j, to);
            if (k < to && endsSentence(text, from, i, j, k)) {
                emit(text, sentenceStart, j, out);
                sentenceStart = k;
            }
            i = j - 1;
        }
        emit(text, sentenceStart, to, out);
    }

    /**
     * Whether the terminator run {@code [i, j)} ends a sentence, given that the next word starts at {@code k}.
     */
    private static boolean endsSentence(String text, int from, int i, int j, int k) {
        char next = text.charAt(k);
        if (Character.isLowerCase(next)) {
            return false;
        }
        if (text.charAt(i) != '.' || j != i + 1) {
            // "!", "?", an ellipsis, or a period followed by a closing quote or bracket.
            return true;
        }
        int w = i;
        while (w > from && !isSpace(text.charAt(w - 1)) && OPENERS.indexOf(text.charAt(w - 1)) < 0) {
            w--;
        }
        if (w == i) {
            return true;
        }
        String word = text.substring(w, i);
        String lower = word.toLowerCase(Locale.ROOT);
        if (ABBREVIATIONS.contains(lower)) {
            return false;
        }
        if (BEFORE_NUMBER.contains(lower)) {
            return !Character.isDigit(next);
        }
        if (lower.equals("etc") || lower.equals("a.m") || lower.equals("p.m")) {
            // These end a sentence as often as not; a capital after them is taken as a new sentence.
            return Character.isUpperCase(next);
        }
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return false; // an initial, as in "J. Smith"
        }
        return !DOTTED_ABBREVIATION.matcher(word).matches();
    }

    private void emit(String text, int from, int to, List<Sentence> out) {
        int s = skipSpace(text, from, to);
        int e = to;
        while (e > s && isSpace(text.charAt(e - 1))) {
            e--;
        }
        if (!hasLetterOrDigit(text, s, e)) {
            return;
        }
        while (e - s > maxLength) {
            int cut = cutPoint(text, s, s + maxLength);
            int pieceEnd = cut;
            while (pieceEnd > s && isSpace(text.charAt(pieceEnd - 1))) {
                pieceEnd--;
            }
            add(text, s, pieceEnd, out);
            s = skipSpace(text, cut, e);
        }
        add(text, s, e, out);
    }

    private static void add(String text, int s, int e, List<Sentence> out) {
        if (e > s && hasLetterOrDigit(text, s, e)) {
            out.add(new Sentence(s, e, text.substring(s, e)));
        }
    }

    /** Where to cut an over-long sentence that starts at {@code s}: after a semicolon, a comma, or at a space. */
    private int cutPoint(String text, int s, int limit) {
        int earliest = s + maxLength / 3;
        for (String marks : new String[] {";", ",", " \t\n\r\u00A0"}) {
            for (int i = limit; i > earliest; i--) {
                if (marks.indexOf(text.charAt(i - 1)) >= 0) {
                    return i;
                }
            }
        }
        int cut = limit;
        if (Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return cut;
    }

    private static boolean hasLetterOrDigit(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpace(String text, int from, int to) {
        int i = from;
        while (i < to && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F';
    }
}
