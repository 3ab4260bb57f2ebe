package dev.attacktagger.search.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into tokens. Hand-written so that every error can say exactly where it is and what was expected.
 *
 * <p>Strings are in single or double quotes; a backslash escapes the quote, another backslash, {@code n}, {@code t},
 * and the {@code LIKE} wildcards {@code * ? %}. Words are runs of letters, digits and {@code _ . - : / @}: field names,
 * keywords, numbers and unquoted values such as {@code T1059.001}.
 */
final class QueryLexer {

    private final String query;
    private int position;

    private QueryLexer(String query) {
        this.query = query;
    }

    static List<Token> tokenize(String query) {
        return new QueryLexer(query).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (position >= query.length()) {
                tokens.add(new Token(TokenType.END, "", "", position));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = position;
        char c = query.charAt(position);
        switch (c) {
            case '(':
                position++;
                return new Token(TokenType.LEFT_PAREN, "(", "(", start);
            case ')':
                position++;
                return new Token(TokenType.RIGHT_PAREN, ")", ")", start);
            case ',':
                position++;
                return new Token(TokenType.COMMA, ",", ",", start);
            case '"':
            case '\'':
                return string(c);
            case '=':
                return operator(start, peek(1) == '=' ? "==" : "=");
            case '!':
                if (peek(1) == '=') {
                    return operator(start, "!=");
                }
                throw new QuerySyntaxException(
                        start, "'!='", "offset " + start + ": expected '!=', found '!' (write NOT to negate)");
            case '<':
                if (peek(1) == '=') {
                    return operator(start, "<=");
                }
                return operator(start, peek(1) == '>' ? "!=" : "<", peek(1) == '>' ? 2 : 1);
            case '>':
                return operator(start, peek(1) == '=' ? ">=" : ">");
            default:
                if (isWordChar(c)) {
                    while (position < query.length() && isWordChar(query.charAt(position))) {
                        position++;
                    }
                    String word = query.substring(start, position);
                    return new Token(TokenType.WORD, word, word, start);
                }
                throw new QuerySyntaxException(
                        start,
                        "a field, value, operator, quote or parenthesis",
                        "offset " + start + ": unexpected character '" + c + "'");
        }
    }

    private Token operator(int start, String text) {
        return operator(start, text, text.length());
    }

    private Token operator(int start, String text, int length) {
        position += length;
        return new Token(TokenType.OPERATOR, text, text, start);
    }

    private Token string(char quote) {
        int start = position;
        position++;
        StringBuilder value = new StringBuilder();
        StringBuilder pattern = new StringBuilder();
        while (position < query.length()) {
            char c = query.charAt(position);
            if (c == quote) {
                position++;
                return new Token(TokenType.STRING, value.toString(), pattern.toString(), start);
            }
            if (c == '\\') {
                if (position + 1 >= query.length()) {
                    break;
                }
                char escaped = query.charAt(position + 1);
                switch (escaped) {
                    case '\\', '"', '\'' -> {
                        value.append(escaped);
                        pattern.append(escaped == '\\' ? "\\\\" : String.valueOf(escaped));
                    }
                    case 'n' -> {
                        value.append('\n');
                        pattern.append('\n');
                    }
                    case 't' -> {
                        value.append('\t');
                        pattern.append('\t');
                    }
                    case '*', '?', '%' -> {
                        value.append(escaped);
                        pattern.append('\\').append(escaped);
                    }
                    default ->
                        throw new QuerySyntaxException(
                                position,
                                "one of \\\\ \\\" \\' \\n \\t \\* \\? \\%",
                                "offset " + position + ": unknown escape '\\" + escaped
                                        + "'; expected one of \\\\ \\\" \\' \\n \\t \\* \\? \\%");
                }
                position += 2;
                continue;
            }
            value.append(c);
            pattern.append(c);
            position++;
        }
        throw new QuerySyntaxException(
                query.length(),
                "closing " + quote,
                "offset " + query.length() + ": expected closing " + quote + " for the string that starts at offset "
                        + start + ", found end of query");
    }

    private char peek(int ahead) {
        int at = position + ahead;
        return at < query.length() ? query.charAt(at) : '\0';
    }

    private void skipWhitespace() {
        while (position < query.length() && Character.isWhitespace(query.charAt(position))) {
            position++;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == ':' || c == '/' || c == '@';
    }
}
