package dev.attacktagger.search.query;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The fields a query can name, what their values are, and which operators they take. */
public enum QueryField {
    ATTACK_TAG("attackTag", Kind.TECHNIQUE, true),
    TACTIC("tactic", Kind.TACTIC, true),
    CONFIDENCE("confidence", Kind.NUMBER, true),
    ORIGIN("origin", Kind.UPPER_KEYWORD, true),
    STATE("state", Kind.UPPER_KEYWORD, true),
    SOURCE("source", Kind.KEYWORD, false),
    TITLE("title", Kind.KEYWORD, false),
    TEXT("text", Kind.FULL_TEXT, false),
    PUBLISHED("published", Kind.DATE, false),
    TECHNIQUE_COUNT("techniqueCount", Kind.INTEGER, false),
    INDICATOR("indicator", Kind.KEYWORD, false);

    /** What a field's values are. */
    public enum Kind {
        TECHNIQUE,
        TACTIC,
        NUMBER,
        INTEGER,
        DATE,
        KEYWORD,
        UPPER_KEYWORD,
        FULL_TEXT
    }

    private static final Set<QueryOperator> TEXTUAL = EnumSet.of(
            QueryOperator.EQUALS,
            QueryOperator.EXACTLY,
            QueryOperator.IN,
            QueryOperator.CONTAINS,
            QueryOperator.STARTSWITH,
            QueryOperator.LIKE);
    private static final Set<QueryOperator> ORDERED = EnumSet.of(
            QueryOperator.EQUALS,
            QueryOperator.EXACTLY,
            QueryOperator.GREATER,
            QueryOperator.GREATER_OR_EQUAL,
            QueryOperator.LESS,
            QueryOperator.LESS_OR_EQUAL,
            QueryOperator.IN);

    private final String queryName;
    private final Kind kind;
    private final boolean tagField;

    QueryField(String queryName, Kind kind, boolean tagField) {
        this.queryName = queryName;
        this.kind = kind;
        this.tagField = tagField;
    }

    /** The name as queries write it (any case is accepted). */
    public String queryName() {
        return queryName;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the field belongs to one tag of a report rather than to the report. */
    public boolean isTagField() {
        return tagField;
    }

    /** The operators this field takes; {@code !=} goes with {@code =}. */
    public Set<QueryOperator> operators() {
        return switch (kind) {
            case NUMBER, INTEGER -> ORDERED;
            case DATE ->
                EnumSet.complementOf(EnumSet.of(
                        QueryOperator.IN, QueryOperator.CONTAINS, QueryOperator.STARTSWITH, QueryOperator.LIKE));
            case FULL_TEXT -> EnumSet.of(QueryOperator.EQUALS, QueryOperator.CONTAINS);
            default -> TEXTUAL;
        };
    }

    /**
     * The values a field with a fixed set takes, as tag-service's {@code TagOrigin} and {@code TagState} name them;
     * empty for a field that takes any value.
     */
    public List<String> choices() {
        return switch (this) {
            case ORIGIN -> List.of("SYSTEM", "USER");
            case STATE -> List.of("PROPOSED", "CONFIRMED", "REJECTED");
            default -> List.of();
        };
    }

    static Optional<QueryField> byName(String name) {
        return Arrays.stream(values())
                .filter(field -> field.queryName.equalsIgnoreCase(name))
                .findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(QueryField::queryName).collect(Collectors.joining(", "));
    }

    String operatorList() {
        return operators().stream()
                .map(operator -> operator == QueryOperator.EQUALS ? "=, !=" : operator.symbol())
                .collect(Collectors.joining(", "))
                .toUpperCase(Locale.ROOT);
    }
}
