package dev.attacktagger.search.query;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.attacktagger.kb.AttackIds;

/**
 * Reads a query into a {@link QueryNode} tree by recursive descent, checking every field, operator and value on the
 * way.
 *
 * <pre>
 * query      := [ or ] END
 * or         := and ( OR and )*
 * and        := unary ( AND unary )*
 * unary      := NOT unary | primary
 * primary    := '(' or ')' | condition
 * condition  := FIELD ( '=' | '==' | '!=' | '&lt;&gt;' | '&gt;' | '&gt;=' | '&lt;' | '&lt;=' ) value
 *             | FIELD [ NOT ] IN '(' value ( ',' value )* ')'
 *             | FIELD [ NOT ] ( CONTAINS | STARTSWITH | LIKE ) value
 * value      := STRING | WORD
 * </pre>
 *
 * AND binds tighter than OR. Keywords and field names are matched ignoring case.
 *
 * <p>Limits keep a query within what the parser and OpenSearch can take, so that too big a query is the caller's 400
 * rather than a stack overflow or a refusal by OpenSearch: at most {@value #MAX_LENGTH} characters, {@value
 * #MAX_DEPTH} levels of parentheses and NOT, {@value #MAX_CLAUSES} clauses (OpenSearch refuses more than 1,024 in one
 * query, {@code indices.query.bool.max_clause_count}) and, per pattern of CONTAINS, STARTSWITH or LIKE, {@value
 * #MAX_PATTERN} characters and {@value #MAX_WILDCARDS} wildcards (OpenSearch turns a pattern into an automaton and
 * refuses one that is too costly to build).
 */
public final class QueryParser {

    static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "CONTAINS", "STARTSWITH", "LIKE");
    /** The longest query, in characters; requirements store their query, so the same limit holds for them. */
    public static final int MAX_LENGTH = 4_000;
    /** The deepest nesting of parentheses and NOT: the parser and the translator recurse once per level. */
    static final int MAX_DEPTH = 100;
    /**
     * The most clauses a query may make: each value, each word of a {@code text} value, each NOT and each tag condition
     * counts as one. It stays below OpenSearch's 1,024 to leave room for the clauses the service adds (the organisation
     * filter, the join to the nested tags).
     */
    static final int MAX_CLAUSES = 1_000;
    /** The longest value of CONTAINS, STARTSWITH or LIKE, in characters. */
    static final int MAX_PATTERN = 256;
    /** The most wildcards ({@code * % ?}) in one LIKE pattern. */
    static final int MAX_WILDCARDS = 10;

    private final List<Token> tokens;
    private final QueryVocabulary vocabulary;
    private int index;
    private int depth;
    private int clauses;

    private QueryParser(List<Token> tokens, QueryVocabulary vocabulary) {
        this.tokens = tokens;
        this.vocabulary = vocabulary;
    }

    /**
     * Parses a query.
     *
     * @param query the query; blank means every report
     * @param vocabulary resolves tactic names
     * @throws QuerySyntaxException with the offset and what was expected there
     */
    public static QueryNode parse(String query, QueryVocabulary vocabulary) {
        String text = query == null ? "" : query;
        if (text.length() > MAX_LENGTH) {
            throw new QuerySyntaxException(
                    MAX_LENGTH,
                    "at most " + MAX_LENGTH + " characters",
                    "offset " + MAX_LENGTH + ": the query is " + text.length() + " characters long; at most "
                            + MAX_LENGTH + " are allowed");
        }
        QueryParser parser = new QueryParser(QueryLexer.tokenize(text), vocabulary);
        if (parser.peek().type() == TokenType.END) {
            return new QueryNode.MatchAll();
        }
        QueryNode node = parser.or();
        Token end = parser.peek();
        if (end.type() != TokenType.END) {
            throw parser.error(end, "AND, OR or end of query");
        }
        return node;
    }

    private QueryNode or() {
        List<QueryNode> operands = new ArrayList<>();
        operands.add(and());
        while (peek().isKeyword("OR")) {
            index++;
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new QueryNode.Or(operands);
    }

    private QueryNode and() {
        List<QueryNode> operands = new ArrayList<>();
        operands.add(unary());
        while (peek().isKeyword("AND")) {
            index++;
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : new QueryNode.And(operands);
    }

    private QueryNode unary() {
        Token token = peek();
        if (token.isKeyword("NOT")) {
            index++;
            countClause(token);
            enter(token);
            QueryNode operand = unary();
            depth--;
            return new QueryNode.Not(operand);
        }
        return primary();
    }

    /** Goes one level deeper into parentheses or NOT, refusing to pass {@link #MAX_DEPTH}. */
    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw invalid(
                    token,
                    "at most " + MAX_DEPTH + " levels of parentheses and NOT",
                    "the query nests parentheses and NOT more than " + MAX_DEPTH + " levels deep; at most " + MAX_DEPTH
                            + " are allowed");
        }
    }

    /** Counts a clause the query will make, refusing to pass {@link #MAX_CLAUSES}. */
    private void countClause(Token token) {
        countClauses(token, 1);
    }

    private void countClauses(Token token, int count) {
        clauses += count;
        if (clauses > MAX_CLAUSES) {
            throw invalid(
                    token,
                    "at most " + MAX_CLAUSES + " values, words of text, NOTs and tag conditions in all",
                    "the query makes more than " + MAX_CLAUSES + " clauses (each value, word of text, NOT and tag"
                            + " condition is one); at most " + MAX_CLAUSES + " are allowed");
        }
    }

    private QueryNode primary() {
        Token token = peek();
        if (token.type() == TokenType.LEFT_PAREN) {
            index++;
            enter(token);
            QueryNode inner = or();
            depth--;
            Token close = peek();
            if (close.type() != TokenType.RIGHT_PAREN) {
                throw error(close, "')' to close the '(' at offset " + token.offset() + ", or AND, OR");
            }
            index++;
            return inner;
        }
        if (token.type() != TokenType.WORD || KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT))) {
            throw error(token, "a field name (" + QueryField.names() + "), NOT or '('");
        }
        return condition();
    }

    private QueryNode condition() {
        Token fieldToken = next();
        QueryField field = QueryField.byName(fieldToken.text())
                .orElseThrow(() -> new QuerySyntaxException(
                        fieldToken.offset(),
                        "a field name (" + QueryField.names() + ")",
                        "offset " + fieldToken.offset() + ": unknown field '" + fieldToken.text()
                                + "'; expected one of " + QueryField.names()));
        int offset = fieldToken.offset();
        if (field.isTagField()) {
            // A tag condition may need a join of its own to the nested tags.
            countClause(fieldToken);
        }
        boolean negated = false;
        Token operatorToken = peek();
        if (operatorToken.isKeyword("NOT")) {
            negated = true;
            countClause(operatorToken);
            index++;
            operatorToken = peek();
            if (!(operatorToken.isKeyword("IN")
                    || operatorToken.isKeyword("CONTAINS")
                    || operatorToken.isKeyword("STARTSWITH")
                    || operatorToken.isKeyword("LIKE"))) {
                throw error(operatorToken, "IN, CONTAINS, STARTSWITH or LIKE after NOT");
            }
        }
        QueryOperator operator = operator(field, operatorToken);
        index++;
        if (operatorToken.type() == TokenType.OPERATOR && operatorToken.text().equals("!=")) {
            negated = true;
            countClause(operatorToken);
        }
        List<String> values = new ArrayList<>();
        if (operator == QueryOperator.IN) {
            Token open = peek();
            if (open.type() != TokenType.LEFT_PAREN) {
                throw error(open, "'(' to start the list of values after IN");
            }
            index++;
            values.add(value(field, operator));
            while (peek().type() == TokenType.COMMA) {
                index++;
                values.add(value(field, operator));
            }
            Token close = peek();
            if (close.type() != TokenType.RIGHT_PAREN) {
                throw error(close, "',' or ')' in the list of values");
            }
            index++;
        } else {
            values.add(value(field, operator));
        }
        QueryNode condition = new QueryNode.Condition(field, operator, values, offset);
        return negated ? new QueryNode.Not(condition) : condition;
    }

    private QueryOperator operator(QueryField field, Token token) {
        QueryOperator operator = null;
        if (token.type() == TokenType.OPERATOR) {
            operator = switch (token.text()) {
                case "=", "!=" -> QueryOperator.EQUALS;
                case "==" -> QueryOperator.EXACTLY;
                case ">" -> QueryOperator.GREATER;
                case ">=" -> QueryOperator.GREATER_OR_EQUAL;
                case "<" -> QueryOperator.LESS;
                case "<=" -> QueryOperator.LESS_OR_EQUAL;
                default -> null;
            };
        } else if (token.type() == TokenType.WORD) {
            String word = token.text().toUpperCase(Locale.ROOT);
            operator = switch (word) {
                case "IN" -> QueryOperator.IN;
                case "CONTAINS" -> QueryOperator.CONTAINS;
                case "STARTSWITH" -> QueryOperator.STARTSWITH;
                case "LIKE" -> QueryOperator.LIKE;
                default -> null;
            };
        }
        if (operator == null) {
            throw error(token, "an operator for " + field.queryName() + " (" + field.operatorList() + ")");
        }
        if (!field.operators().contains(operator)) {
            throw new QuerySyntaxException(
                    token.offset(),
                    "an operator for " + field.queryName() + " (" + field.operatorList() + ")",
                    "offset " + token.offset() + ": " + field.queryName() + " does not take " + token.text()
                            + "; expected one of " + field.operatorList());
        }
        return operator;
    }

    private String value(QueryField field, QueryOperator operator) {
        Token token = peek();
        if (token.type() != TokenType.STRING
                && (token.type() != TokenType.WORD
                        || KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT)))) {
            throw error(token, "a value for " + field.queryName() + " (a quoted string or a number)");
        }
        index++;
        String text = token.text();
        countClauses(token, field.kind() == QueryField.Kind.FULL_TEXT ? Math.max(1, words(text)) : 1);
        if (operator == QueryOperator.LIKE
                || operator == QueryOperator.CONTAINS
                || operator == QueryOperator.STARTSWITH) {
            checkPatternLength(token);
        }
        if (operator == QueryOperator.LIKE) {
            return likePattern(field, token);
        }
        if (operator == QueryOperator.CONTAINS || operator == QueryOperator.STARTSWITH) {
            if (text.isEmpty()) {
                throw invalid(token, "a non-empty value", "an empty value matches everything");
            }
            return field.kind() == QueryField.Kind.TECHNIQUE || field.kind() == QueryField.Kind.UPPER_KEYWORD
                    ? text.toUpperCase(Locale.ROOT)
                    : text;
        }
        return switch (field.kind()) {
            case TECHNIQUE ->
                AttackIds.normalize(text)
                        .orElseThrow(() -> invalid(
                                token,
                                "a technique id such as T1059 or T1059.001",
                                "'" + text + "' is not a technique id; expected one such as T1059 or T1059.001"));
            case TACTIC ->
                vocabulary
                        .tactic(text)
                        .orElseThrow(() -> invalid(
                                token,
                                "a tactic such as execution, Execution or TA0002",
                                "unknown tactic '" + text + "'; expected one such as execution, Execution or TA0002"));
            case NUMBER -> number(token, false);
            case INTEGER -> number(token, true);
            case DATE -> date(token);
            case UPPER_KEYWORD -> choice(field, token);
            case KEYWORD, FULL_TEXT -> {
                if (text.isBlank() && field.kind() == QueryField.Kind.FULL_TEXT) {
                    throw invalid(token, "some words to search for", "the text to search for is empty");
                }
                yield text;
            }
        };
    }

    /**
     * A value of a field with a fixed set of values (origin, state), upper-cased; any other value would silently match
     * nothing.
     */
    private static String choice(QueryField field, Token token) {
        String value = token.text().strip().toUpperCase(Locale.ROOT);
        if (!field.choices().contains(value)) {
            String choices = String.join(", ", field.choices());
            throw invalid(
                    token,
                    "one of " + choices,
                    "unknown " + field.queryName() + " '" + token.text() + "'; expected one of " + choices);
        }
        return value;
    }

    /** How many words OpenSearch may make of a text: runs of letters and digits, as its tokenizer splits them. */
    private static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean letterOrDigit = Character.isLetterOrDigit(text.charAt(i));
            if (letterOrDigit && !inWord) {
                words++;
            }
            inWord = letterOrDigit;
        }
        return words;
    }

    private static void checkPatternLength(Token token) {
        if (token.text().length() > MAX_PATTERN) {
            throw invalid(
                    token,
                    "a pattern of at most " + MAX_PATTERN + " characters",
                    "the pattern is " + token.text().length() + " characters long; at most " + MAX_PATTERN
                            + " are allowed");
        }
    }

    private String number(Token token, boolean integer) {
        String text = token.text().strip();
        try {
            if (integer) {
                return Long.toString(Long.parseLong(text));
            }
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException(text);
            }
            return Double.toString(value);
        } catch (NumberFormatException e) {
            String expected = integer ? "a whole number" : "a number";
            throw invalid(token, expected, "'" + text + "' is not " + expected);
        }
    }

    private String date(Token token) {
        String text = token.text().strip();
        try {
            if (text.matches("\\d{4}")) {
                return text;
            }
            if (text.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(text).toString();
            }
            return LocalDate.parse(text).toString();
        } catch (DateTimeParseException e) {
            throw invalid(
                    token,
                    "a date as YYYY, YYYY-MM or YYYY-MM-DD",
                    "'" + text + "' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
        }
    }

    /**
     * Turns a LIKE pattern into OpenSearch wildcard syntax: {@code *} and {@code %} match any run of characters,
     * {@code ?} one character; a backslash makes the next one literal.
     */
    private static String likePattern(QueryField field, Token token) {
        String pattern = token.pattern();
        boolean upper = field.kind() == QueryField.Kind.TECHNIQUE || field.kind() == QueryField.Kind.UPPER_KEYWORD;
        StringBuilder wildcard = new StringBuilder();
        int wildcards = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                wildcard.append('\\').append(pattern.charAt(++i));
            } else if (c == '*' || c == '%') {
                wildcard.append('*');
                wildcards++;
            } else if (c == '?') {
                wildcard.append('?');
                wildcards++;
            } else {
                wildcard.append(upper ? Character.toUpperCase(c) : c);
            }
        }
        if (wildcards > MAX_WILDCARDS) {
            throw invalid(
                    token,
                    "a pattern with at most " + MAX_WILDCARDS + " wildcards",
                    "the pattern has " + wildcards + " wildcards (* % ?); at most " + MAX_WILDCARDS + " are allowed");
        }
        return wildcard.toString();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        return tokens.get(index++);
    }

    private QuerySyntaxException error(Token found, String expected) {
        return new QuerySyntaxException(
                found.offset(),
                expected,
                "offset " + found.offset() + ": expected " + expected + ", found " + found.describe());
    }

    private static QuerySyntaxException invalid(Token token, String expected, String problem) {
        return new QuerySyntaxException(token.offset(), expected, "offset " + token.offset() + ": " + problem);
    }
}
