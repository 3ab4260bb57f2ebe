package dev.attacktagger.search.query;

import java.util.Locale;

/**
 * One token of a query.
 *
 * @param type what it is
 * @param text the value: a string without its quotes and with escapes applied, else the text as written
 * @param pattern for a string, its text with wildcard escapes kept (a backslash before {@code * ? %}), which {@code
 *     LIKE} needs to tell a literal star from a wildcard; else the same as {@code text}
 * @param offset where it starts in the query, from 0
 */
record Token(TokenType type, String text, String pattern, int offset) {

    boolean isKeyword(String keyword) {
        return type == TokenType.WORD && text.equalsIgnoreCase(keyword);
    }

    /** How an error message shows the token. */
    String describe() {
        return switch (type) {
            case END -> "end of query";
            case STRING -> "string \"" + text + "\"";
            case WORD -> isKeywordLike() ? "keyword " + text.toUpperCase(Locale.ROOT) : "'" + text + "'";
            default -> "'" + text + "'";
        };
    }

    private boolean isKeywordLike() {
        return QueryParser.KEYWORDS.contains(text.toUpperCase(Locale.ROOT));
    }
}
