package dev.attacktagger.search.query;

/** The comparison operators. {@code !=} and the {@code NOT} forms become {@link QueryNode.Not} at parse time. */
public enum QueryOperator {
    EQUALS("="),
    EXACTLY("=="),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    IN("IN"),
    CONTAINS("CONTAINS"),
    STARTSWITH("STARTSWITH"),
    LIKE("LIKE");

    private final String symbol;

    QueryOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
