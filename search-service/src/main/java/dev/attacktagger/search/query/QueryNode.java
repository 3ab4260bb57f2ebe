package dev.attacktagger.search.query;

import java.util.List;

/** The abstract syntax tree of a query. */
public sealed interface QueryNode {

    /** Every operand must hold. */
    record And(List<QueryNode> operands) implements QueryNode {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** At least one operand must hold. */
    record Or(List<QueryNode> operands) implements QueryNode {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** The operand must not hold. */
    record Not(QueryNode operand) implements QueryNode {}

    /** Matches every report: the empty query. */
    record MatchAll() implements QueryNode {}

    /**
     * One comparison, with its values already checked and normalised for the field.
     *
     * @param field the field
     * @param operator the operator; {@code !=} and {@code NOT IN} are read as {@link Not} around {@code =} and {@code
     *     IN}
     * @param values the normalised values: one, or several for {@code IN}; for {@code LIKE}, the pattern in OpenSearch
     *     wildcard syntax ({@code *}, {@code ?}, backslash escapes)
     * @param offset where the comparison starts in the query
     */
    record Condition(QueryField field, QueryOperator operator, List<String> values, int offset) implements QueryNode {
        public Condition {
            values = List.copyOf(values);
        }

        public String value() {
            return values.get(0);
        }
    }

    /**
     * Whether the node speaks only about one tag: comparisons of tag fields joined by AND and OR. Such a node is
     * evaluated inside a single nested query, on one tag at a time. NOT is never one-tag: {@code NOT attackTag =
     * "T1059"} means the report has no such tag, not that it has some other tag.
     */
    public static boolean isTagPredicate(QueryNode node) {
        if (node instanceof Condition condition) {
            return condition.field().isTagField();
        }
        if (node instanceof And and) {
            return and.operands().stream().allMatch(QueryNode::isTagPredicate);
        }
        if (node instanceof Or or) {
            return or.operands().stream().allMatch(QueryNode::isTagPredicate);
        }
        return false;
    }
}
