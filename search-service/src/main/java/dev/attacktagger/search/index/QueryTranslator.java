package dev.attacktagger.search.index;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.ChildScoreMode;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import dev.attacktagger.search.query.QueryField;
import dev.attacktagger.search.query.QueryNode;
import dev.attacktagger.search.query.QueryOperator;

/**
 * Turns a parsed query into OpenSearch query objects. Values travel as typed fields of the client's builders: user
 * text is never pasted into JSON.
 *
 * <p>Tag fields (attackTag, tactic, confidence, origin, state) live in the nested {@code tags} objects. Within an AND,
 * all operands that speak only about tags go into one nested query, so {@code attackTag = "T1059" AND confidence >
 * 0.8} needs one tag that is both. OR does not need this (some tag is A, or some tag is B, is the same as some tag is
 * A or B), and NOT stays outside the nested query so that it means "no such tag". A predicate on techniques or tactics
 * alone is answered from the reports' flat copies of them, which means the same and costs less.
 */
public final class QueryTranslator {

    private QueryTranslator() {}

    public static Query translate(QueryNode node) {
        if (node instanceof QueryNode.MatchAll) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        if (isFlat(node)) {
            return flat(node);
        }
        if (QueryNode.isTagPredicate(node)) {
            return nested(tagQuery(node));
        }
        if (node instanceof QueryNode.And and) {
            List<Query> must = new ArrayList<>();
            List<QueryNode> oneTag = new ArrayList<>();
            for (QueryNode operand : and.operands()) {
                if (QueryNode.isTagPredicate(operand)) {
                    oneTag.add(operand);
                } else {
                    must.add(translate(operand));
                }
            }
            if (oneTag.size() == 1) {
                must.add(translate(oneTag.get(0)));
            } else if (!oneTag.isEmpty()) {
                List<Query> inner =
                        oneTag.stream().map(QueryTranslator::tagQuery).toList();
                must.add(nested(Query.of(q -> q.bool(b -> b.must(inner)))));
            }
            return Query.of(q -> q.bool(b -> b.must(must)));
        }
        if (node instanceof QueryNode.Or or) {
            List<Query> should =
                    or.operands().stream().map(QueryTranslator::translate).toList();
            return Query.of(q -> q.bool(b -> b.should(should).minimumShouldMatch("1")));
        }
        if (node instanceof QueryNode.Not not) {
            Query inner = translate(not.operand());
            return Query.of(q -> q.bool(b -> b.must(m -> m.matchAll(a -> a)).mustNot(inner)));
        }
        return reportCondition((QueryNode.Condition) node);
    }

    /**
     * Whether a tag predicate asks only which techniques or tactics a report has: a technique or tactic comparison, or
     * an OR of them. "Some tag has X" is then the same as "the report's set of techniques (or tactics) has X", which
     * the flat copies {@code techniques}, {@code families} and {@code tactics} answer without a nested join.
     */
    private static boolean isFlat(QueryNode node) {
        if (node instanceof QueryNode.Condition condition) {
            return condition.field() == QueryField.ATTACK_TAG || condition.field() == QueryField.TACTIC;
        }
        if (node instanceof QueryNode.Or or) {
            return or.operands().stream().allMatch(QueryTranslator::isFlat);
        }
        return false;
    }

    private static Query flat(QueryNode node) {
        if (node instanceof QueryNode.Or or) {
            List<Query> should =
                    or.operands().stream().map(QueryTranslator::flat).toList();
            return Query.of(q -> q.bool(b -> b.should(should).minimumShouldMatch("1")));
        }
        QueryNode.Condition condition = (QueryNode.Condition) node;
        if (condition.field() == QueryField.TACTIC) {
            return keyword(condition, ReportFields.TACTICS, ReportFields.TACTICS, false);
        }
        return switch (condition.operator()) {
            case EQUALS, IN ->
                anyOf(condition.values().stream()
                        .map(id ->
                                id.contains(".") ? term(ReportFields.TECHNIQUES, id) : term(ReportFields.FAMILIES, id))
                        .toList());
            case EXACTLY ->
                anyOf(condition.values().stream()
                        .map(id -> term(ReportFields.TECHNIQUES, id))
                        .toList());
            default -> pattern(condition, ReportFields.TECHNIQUES);
        };
    }

    private static Query nested(Query inner) {
        return Query.of(
                q -> q.nested(n -> n.path(ReportFields.TAGS).query(inner).scoreMode(ChildScoreMode.Max)));
    }

    /** A query on one nested tag; only called on tag predicates. */
    private static Query tagQuery(QueryNode node) {
        if (node instanceof QueryNode.And and) {
            List<Query> must =
                    and.operands().stream().map(QueryTranslator::tagQuery).toList();
            return Query.of(q -> q.bool(b -> b.must(must)));
        }
        if (node instanceof QueryNode.Or or) {
            List<Query> should =
                    or.operands().stream().map(QueryTranslator::tagQuery).toList();
            return Query.of(q -> q.bool(b -> b.should(should).minimumShouldMatch("1")));
        }
        QueryNode.Condition condition = (QueryNode.Condition) node;
        return switch (condition.field()) {
            case ATTACK_TAG -> technique(condition);
            case TACTIC -> keyword(condition, ReportFields.TAG_TACTICS, ReportFields.TAG_TACTICS, false);
            case CONFIDENCE -> numeric(condition, ReportFields.TAG_CONFIDENCE);
            case ORIGIN -> keyword(condition, ReportFields.TAG_ORIGIN, ReportFields.TAG_ORIGIN, false);
            case STATE -> keyword(condition, ReportFields.TAG_STATE, ReportFields.TAG_STATE, false);
            default -> throw new IllegalArgumentException(condition.field() + " is not a tag field");
        };
    }

    private static Query reportCondition(QueryNode.Condition condition) {
        return switch (condition.field()) {
            case SOURCE -> keyword(condition, ReportFields.SOURCE_LOWER, ReportFields.SOURCE, true);
            case TITLE -> keyword(condition, ReportFields.TITLE_LOWER, ReportFields.TITLE_RAW, true);
            case INDICATOR ->
                keyword(condition, ReportFields.INDICATOR_VALUE_LOWER, ReportFields.INDICATOR_VALUE, true);
            case TEXT -> fullText(condition);
            case PUBLISHED -> published(condition);
            case TECHNIQUE_COUNT -> numeric(condition, ReportFields.TECHNIQUE_COUNT);
            default -> throw new IllegalArgumentException(condition.field() + " is a tag field");
        };
    }

    /**
     * A technique id: {@code =} and {@code IN} roll a parent up to its sub-techniques through the tag's family (the
     * parent id, or the id itself for a parent); {@code ==} and a sub-technique id match the id alone.
     */
    private static Query technique(QueryNode.Condition condition) {
        return switch (condition.operator()) {
            case EQUALS, IN ->
                anyOf(condition.values().stream()
                        .map(id -> id.contains(".")
                                ? term(ReportFields.TAG_TECHNIQUE, id)
                                : term(ReportFields.TAG_FAMILY, id))
                        .toList());
            case EXACTLY ->
                anyOf(condition.values().stream()
                        .map(id -> term(ReportFields.TAG_TECHNIQUE, id))
                        .toList());
            default -> pattern(condition, ReportFields.TAG_TECHNIQUE);
        };
    }

    /**
     * A keyword: {@code =} and {@code IN} ignore case (through {@code lowerField}, which has a lowercase normaliser),
     * {@code ==} compares exactly on {@code exactField}; the pattern operators ignore case.
     */
    private static Query keyword(QueryNode.Condition condition, String lowerField, String exactField, boolean lower) {
        return switch (condition.operator()) {
            case EQUALS, IN ->
                anyOf(condition.values().stream()
                        .map(value -> term(lowerField, lower ? value.toLowerCase(Locale.ROOT) : value))
                        .toList());
            case EXACTLY ->
                anyOf(condition.values().stream()
                        .map(value -> term(exactField, value))
                        .toList());
            default -> pattern(condition, exactField);
        };
    }

    private static Query pattern(QueryNode.Condition condition, String field) {
        String value = condition.value();
        return switch (condition.operator()) {
            case CONTAINS ->
                Query.of(q -> q.wildcard(w ->
                        w.field(field).value("*" + escapeWildcard(value) + "*").caseInsensitive(true)));
            case STARTSWITH ->
                Query.of(q -> q.prefix(p -> p.field(field).value(value).caseInsensitive(true)));
            case LIKE ->
                Query.of(q -> q.wildcard(w -> w.field(field).value(value).caseInsensitive(true)));
            default -> throw new IllegalArgumentException(condition.operator() + " is not a pattern operator");
        };
    }

    private static Query numeric(QueryNode.Condition condition, String field) {
        List<String> values = condition.values();
        return switch (condition.operator()) {
            case EQUALS, EXACTLY, IN ->
                anyOf(values.stream()
                        .map(value -> Query.of(q -> q.term(t -> t.field(field).value(number(value)))))
                        .toList());
            case GREATER -> Query.of(q -> q.range(r -> r.field(field).gt(JsonData.of(numeric(values.get(0))))));
            case GREATER_OR_EQUAL ->
                Query.of(q -> q.range(r -> r.field(field).gte(JsonData.of(numeric(values.get(0))))));
            case LESS -> Query.of(q -> q.range(r -> r.field(field).lt(JsonData.of(numeric(values.get(0))))));
            case LESS_OR_EQUAL -> Query.of(q -> q.range(r -> r.field(field).lte(JsonData.of(numeric(values.get(0))))));
            default -> throw new IllegalArgumentException(condition.operator() + " does not apply to numbers");
        };
    }

    private static Query fullText(QueryNode.Condition condition) {
        String text = condition.value();
        if (condition.operator() == QueryOperator.CONTAINS) {
            return Query.of(q -> q.matchPhrase(m -> m.field(ReportFields.TEXT).query(text)));
        }
        return Query.of(q -> q.match(
                m -> m.field(ReportFields.TEXT).query(FieldValue.of(text)).operator(Operator.And)));
    }

    /**
     * A date written as a year, a month or a day stands for that whole period: {@code published = "2024-05"} is all of
     * May, {@code published > "2024"} is from 2025 on.
     */
    private static Query published(QueryNode.Condition condition) {
        LocalDate[] period = period(condition.value());
        String from = period[0].toString();
        String until = period[1].toString();
        String field = ReportFields.PUBLISHED_AT;
        return switch (condition.operator()) {
            case EQUALS, EXACTLY ->
                Query.of(q -> q.range(r -> r.field(field).gte(JsonData.of(from)).lt(JsonData.of(until))));
            case GREATER -> Query.of(q -> q.range(r -> r.field(field).gte(JsonData.of(until))));
            case GREATER_OR_EQUAL -> Query.of(q -> q.range(r -> r.field(field).gte(JsonData.of(from))));
            case LESS -> Query.of(q -> q.range(r -> r.field(field).lt(JsonData.of(from))));
            case LESS_OR_EQUAL -> Query.of(q -> q.range(r -> r.field(field).lt(JsonData.of(until))));
            default -> throw new IllegalArgumentException(condition.operator() + " does not apply to dates");
        };
    }

    /** The first day of the period and the first day after it. */
    static LocalDate[] period(String written) {
        if (written.length() == 4) {
            LocalDate start = LocalDate.of(Integer.parseInt(written), 1, 1);
            return new LocalDate[] {start, start.plusYears(1)};
        }
        if (written.length() == 7) {
            YearMonth month = YearMonth.parse(written);
            return new LocalDate[] {month.atDay(1), month.plusMonths(1).atDay(1)};
        }
        LocalDate day = LocalDate.parse(written);
        return new LocalDate[] {day, day.plusDays(1)};
    }

    private static Query anyOf(List<Query> queries) {
        if (queries.size() == 1) {
            return queries.get(0);
        }
        return Query.of(q -> q.bool(b -> b.should(queries).minimumShouldMatch("1")));
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    private static FieldValue number(String value) {
        return value.contains(".") ? FieldValue.of(Double.parseDouble(value)) : FieldValue.of(Long.parseLong(value));
    }

    private static Object numeric(String value) {
        return value.contains(".") ? Double.parseDouble(value) : Long.parseLong(value);
    }

    /** Makes {@code *}, {@code ?} and the backslash literal in a wildcard pattern. */
    static String escapeWildcard(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
