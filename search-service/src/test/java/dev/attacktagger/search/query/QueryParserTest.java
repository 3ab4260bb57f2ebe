package dev.attacktagger.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.attacktagger.search.query.QueryNode.And;
import dev.attacktagger.search.query.QueryNode.Condition;
import dev.attacktagger.search.query.QueryNode.MatchAll;
import dev.attacktagger.search.query.QueryNode.Not;
import dev.attacktagger.search.query.QueryNode.Or;

class QueryParserTest {

    private static final Map<String, String> TACTICS =
            Map.of("execution", "execution", "Execution", "execution", "TA0002", "execution");
    private static final QueryVocabulary VOCABULARY = written -> Optional.ofNullable(TACTICS.get(written));

    private static QueryNode parse(String query) {
        return QueryParser.parse(query, VOCABULARY);
    }

    private static Condition condition(QueryField field, QueryOperator operator, String... values) {
        return new Condition(field, operator, List.of(values), 0);
    }

    @Test
    void shouldReadEmptyQueryAsEveryReport() {
        assertThat(parse("")).isEqualTo(new MatchAll());
        assertThat(parse("   ")).isEqualTo(new MatchAll());
        assertThat(parse(null)).isEqualTo(new MatchAll());
    }

    @Test
    void shouldNormaliseTechniqueIdsInAnyWrittenForm() {
        assertThat(parse("attackTag = \"t1059/001\""))
                .isEqualTo(condition(QueryField.ATTACK_TAG, QueryOperator.EQUALS, "T1059.001"));
        assertThat(parse("attackTag = 'T1059-001'"))
                .isEqualTo(condition(QueryField.ATTACK_TAG, QueryOperator.EQUALS, "T1059.001"));
        assertThat(parse("attackTag == T1059"))
                .isEqualTo(condition(QueryField.ATTACK_TAG, QueryOperator.EXACTLY, "T1059"));
    }

    @Test
    void shouldReadEveryComparisonOperator() {
        assertThat(parse("confidence > 0.8")).isEqualTo(condition(QueryField.CONFIDENCE, QueryOperator.GREATER, "0.8"));
        assertThat(parse("confidence >= 0.8"))
                .isEqualTo(condition(QueryField.CONFIDENCE, QueryOperator.GREATER_OR_EQUAL, "0.8"));
        assertThat(parse("confidence < 1")).isEqualTo(condition(QueryField.CONFIDENCE, QueryOperator.LESS, "1.0"));
        assertThat(parse("techniqueCount <= 3"))
                .isEqualTo(condition(QueryField.TECHNIQUE_COUNT, QueryOperator.LESS_OR_EQUAL, "3"));
        assertThat(parse("techniqueCount = 3"))
                .isEqualTo(condition(QueryField.TECHNIQUE_COUNT, QueryOperator.EQUALS, "3"));
        assertThat(parse("source != \"Vendor\""))
                .isEqualTo(new Not(condition(QueryField.SOURCE, QueryOperator.EQUALS, "Vendor")));
        assertThat(parse("source <> \"Vendor\""))
                .isEqualTo(new Not(condition(QueryField.SOURCE, QueryOperator.EQUALS, "Vendor")));
    }

    @Test
    void shouldReadListAndPatternOperatorsIgnoringKeywordCase() {
        assertThat(parse("attackTag in (\"T1059\", 't1003.001')"))
                .isEqualTo(condition(QueryField.ATTACK_TAG, QueryOperator.IN, "T1059", "T1003.001"));
        assertThat(parse("title contains \"loader\""))
                .isEqualTo(condition(QueryField.TITLE, QueryOperator.CONTAINS, "loader"));
        assertThat(parse("source StartsWith \"vend\""))
                .isEqualTo(condition(QueryField.SOURCE, QueryOperator.STARTSWITH, "vend"));
        assertThat(parse("attackTag startswith \"t1059.\""))
                .isEqualTo(condition(QueryField.ATTACK_TAG, QueryOperator.STARTSWITH, "T1059."));
        assertThat(parse("source NOT IN (\"a\", \"b\")"))
                .isEqualTo(new Not(condition(QueryField.SOURCE, QueryOperator.IN, "a", "b")));
        assertThat(parse("title not like \"*apt?\""))
                .isEqualTo(new Not(condition(QueryField.TITLE, QueryOperator.LIKE, "*apt?")));
    }

    @Test
    void shouldTranslateLikeWildcardsAndKeepEscapedOnesLiteral() {
        assertThat(parse("indicator LIKE \"%.example.com\""))
                .isEqualTo(condition(QueryField.INDICATOR, QueryOperator.LIKE, "*.example.com"));
        assertThat(parse("title LIKE \"100\\% sure*\""))
                .isEqualTo(condition(QueryField.TITLE, QueryOperator.LIKE, "100\\% sure*"));
        assertThat(parse("title LIKE 'what\\?'")).isEqualTo(condition(QueryField.TITLE, QueryOperator.LIKE, "what\\?"));
        assertThat(parse("attackTag LIKE \"t1059.00?\""))
                .isEqualTo(condition(QueryField.ATTACK_TAG, QueryOperator.LIKE, "T1059.00?"));
    }

    @Test
    void shouldApplyBackslashEscapesInStrings() {
        assertThat(parse("title = \"say \\\"hi\\\" \\\\ it's\""))
                .isEqualTo(condition(QueryField.TITLE, QueryOperator.EQUALS, "say \"hi\" \\ it's"));
        assertThat(parse("title = 'it\\'s'")).isEqualTo(condition(QueryField.TITLE, QueryOperator.EQUALS, "it's"));
    }

    @Test
    void shouldNormaliseTacticsOriginsStatesAndDates() {
        assertThat(parse("tactic = \"TA0002\""))
                .isEqualTo(condition(QueryField.TACTIC, QueryOperator.EQUALS, "execution"));
        assertThat(parse("origin = user")).isEqualTo(condition(QueryField.ORIGIN, QueryOperator.EQUALS, "USER"));
        assertThat(parse("state = \"confirmed\""))
                .isEqualTo(condition(QueryField.STATE, QueryOperator.EQUALS, "CONFIRMED"));
        assertThat(parse("state IN (proposed, REJECTED)"))
                .isEqualTo(condition(QueryField.STATE, QueryOperator.IN, "PROPOSED", "REJECTED"));
        assertThat(parse("published >= \"2024-05\""))
                .isEqualTo(condition(QueryField.PUBLISHED, QueryOperator.GREATER_OR_EQUAL, "2024-05"));
        assertThat(parse("published < 2024-05-01"))
                .isEqualTo(condition(QueryField.PUBLISHED, QueryOperator.LESS, "2024-05-01"));
    }

    @Test
    void shouldBindAndTighterThanOrAndHonourParentheses() {
        Condition a = condition(QueryField.SOURCE, QueryOperator.EQUALS, "a");
        Condition b = condition(QueryField.SOURCE, QueryOperator.EQUALS, "b");
        Condition c = condition(QueryField.SOURCE, QueryOperator.EQUALS, "c");
        assertThat(withoutOffsets(parse("source = a OR source = b AND source = c")))
                .isEqualTo(new Or(List.of(a, new And(List.of(b, c)))));
        assertThat(withoutOffsets(parse("(source = a OR source = b) and source = c")))
                .isEqualTo(new And(List.of(new Or(List.of(a, b)), c)));
        assertThat(withoutOffsets(parse("NOT source = a AND NOT (source = b)")))
                .isEqualTo(new And(List.of(new Not(a), new Not(b))));
    }

    @Test
    void shouldKnowWhichNodesSpeakAboutOneTag() {
        assertThat(QueryNode.isTagPredicate(parse("attackTag = T1059 AND confidence > 0.8")))
                .isTrue();
        assertThat(QueryNode.isTagPredicate(parse("(attackTag = T1059 OR tactic = execution) AND origin = USER")))
                .isTrue();
        assertThat(QueryNode.isTagPredicate(parse("attackTag = T1059 AND source = x")))
                .isFalse();
        assertThat(QueryNode.isTagPredicate(parse("attackTag != T1059"))).isFalse();
    }

    @Test
    void shouldSayWhereAndWhatWhenAFieldIsUnknown() {
        assertThatThrownBy(() -> parse("source = a AND colour = \"red\""))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage("offset 15: unknown field 'colour'; expected one of attackTag, tactic, confidence, origin,"
                        + " state, source, title, text, published, techniqueCount, indicator")
                .extracting(e -> ((QuerySyntaxException) e).offset())
                .isEqualTo(15);
    }

    @Test
    void shouldSayWhatWasExpectedAfterAnOperator() {
        QuerySyntaxException e = catchSyntax("attackTag = ");
        assertThat(e.offset()).isEqualTo(12);
        assertThat(e.expected()).isEqualTo("a value for attackTag (a quoted string or a number)");
        assertThat(e.getMessage())
                .isEqualTo(
                        "offset 12: expected a value for attackTag (a quoted string or a number), found end of query");
    }

    @Test
    void shouldRejectAnOperatorTheFieldDoesNotTake() {
        QuerySyntaxException e = catchSyntax("text > \"x\"");
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.getMessage()).isEqualTo("offset 5: text does not take >; expected one of =, !=, CONTAINS");
        assertThat(catchSyntax("confidence CONTAINS \"0.9\"").getMessage())
                .isEqualTo("offset 11: confidence does not take CONTAINS; expected one of =, !=, ==, >, >=, <, <=, IN");
    }

    @Test
    void shouldRejectBadValuesWithTheirOffset() {
        assertThat(catchSyntax("attackTag = \"powershell\"").getMessage())
                .isEqualTo("offset 12: 'powershell' is not a technique id; expected one such as T1059 or T1059.001");
        assertThat(catchSyntax("confidence > high").getMessage()).isEqualTo("offset 13: 'high' is not a number");
        assertThat(catchSyntax("techniqueCount = 2.5").getMessage())
                .isEqualTo("offset 17: '2.5' is not a whole number");
        assertThat(catchSyntax("published = \"May 2024\"").getMessage())
                .isEqualTo("offset 12: 'May 2024' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
        assertThat(catchSyntax("tactic = \"lunch\"").getMessage())
                .isEqualTo("offset 9: unknown tactic 'lunch'; expected one such as execution, Execution or TA0002");
    }

    @Test
    void shouldRejectStatesAndOriginsThatTagServiceNeverStores() {
        QuerySyntaxException state = catchSyntax("state = \"ACCEPTED\"");
        assertThat(state.offset()).isEqualTo(8);
        assertThat(state.expected()).isEqualTo("one of PROPOSED, CONFIRMED, REJECTED");
        assertThat(state.getMessage())
                .isEqualTo("offset 8: unknown state 'ACCEPTED'; expected one of PROPOSED, CONFIRMED, REJECTED");
        assertThat(catchSyntax("origin IN (user, bogus)").getMessage())
                .isEqualTo("offset 17: unknown origin 'bogus'; expected one of SYSTEM, USER");
        // Patterns are not values: they may match part of one.
        assertThat(parse("state STARTSWITH \"CONF\""))
                .isEqualTo(condition(QueryField.STATE, QueryOperator.STARTSWITH, "CONF"));
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimitWithWhereItPassedIt() {
        String deepest = "(".repeat(100) + "title = x" + ")".repeat(100);
        assertThat(parse(deepest)).isInstanceOf(Condition.class);
        QuerySyntaxException parentheses = catchSyntax("(".repeat(101) + "title = x" + ")".repeat(101));
        assertThat(parentheses.offset()).isEqualTo(100);
        assertThat(parentheses.getMessage())
                .isEqualTo("offset 100: the query nests parentheses and NOT more than 100 levels deep; at most 100"
                        + " are allowed");
        assertThat(parse("NOT ".repeat(100) + "title = x")).isInstanceOf(Not.class);
        QuerySyntaxException nots = catchSyntax("NOT ".repeat(101) + "title = x");
        assertThat(nots.offset()).isEqualTo(400);
        assertThat(nots.expected()).isEqualTo("at most 100 levels of parentheses and NOT");
        assertThat(catchSyntax("NOT (".repeat(51) + "title = x" + ")".repeat(51))
                        .offset())
                .isEqualTo(5 * 50);
    }

    @Test
    void shouldRejectAQueryLongerThanTheLimit() {
        String longest = "title = \"" + "x".repeat(3990) + "\"";
        assertThat(longest).hasSize(4000);
        assertThat(parse(longest)).isInstanceOf(Condition.class);
        QuerySyntaxException e = catchSyntax("(".repeat(3000) + "title = x" + ")".repeat(3000));
        assertThat(e.offset()).isEqualTo(4000);
        assertThat(e.getMessage())
                .isEqualTo("offset 4000: the query is 6009 characters long; at most 4000 are allowed");
    }

    @Test
    void shouldRejectMoreClausesThanOpenSearchTakesWhereTheyPassTheLimit() {
        assertThat(parse("source IN (" + "a,".repeat(999) + "a)")).isInstanceOf(Condition.class);
        QuerySyntaxException values = catchSyntax("source IN (" + "a,".repeat(1029) + "a)");
        assertThat(values.offset()).isEqualTo(11 + 2 * 1000);
        assertThat(values.getMessage())
                .isEqualTo("offset 2011: the query makes more than 1000 clauses (each value, word of text, NOT and"
                        + " tag condition is one); at most 1000 are allowed");
        assertThat(catchSyntax("text = \"" + "x ".repeat(1001) + "\"").offset()).isEqualTo(7);
        // A NOT and a tag condition count as one clause each, beside their values.
        assertThat(parse("title NOT IN (" + "a,".repeat(998) + "a)")).isInstanceOf(Not.class);
        assertThat(catchSyntax("title NOT IN (" + "a,".repeat(999) + "a)").offset())
                .isEqualTo(14 + 2 * 999);
        assertThat(catchSyntax("confidence IN (" + "1,".repeat(999) + "1)").offset())
                .isEqualTo(15 + 2 * 999);
    }

    @Test
    void shouldRejectPatternsTooCostlyForOpenSearch() {
        assertThat(parse("title LIKE \"" + "*a".repeat(10) + "\"")).isInstanceOf(Condition.class);
        assertThat(catchSyntax("title LIKE \"" + "*a".repeat(11) + "\"").getMessage())
                .isEqualTo("offset 11: the pattern has 11 wildcards (* % ?); at most 10 are allowed");
        assertThat(catchSyntax("title NOT LIKE '%a%a%a%a%a%a?a?a?a?a?'").expected())
                .isEqualTo("a pattern with at most 10 wildcards");
        assertThat(parse("title LIKE '\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*'")).isInstanceOf(Condition.class);
        assertThat(catchSyntax("title CONTAINS \"" + "a".repeat(257) + "\"").getMessage())
                .isEqualTo("offset 15: the pattern is 257 characters long; at most 256 are allowed");
    }

    @Test
    void shouldReportUnterminatedStringsAndBadEscapes() {
        QuerySyntaxException open = catchSyntax("title = \"abc");
        assertThat(open.offset()).isEqualTo(12);
        assertThat(open.getMessage())
                .isEqualTo("offset 12: expected closing \" for the string that starts at offset 8, found end of query");
        assertThat(catchSyntax("title = \"a\\qb\"").getMessage())
                .isEqualTo("offset 10: unknown escape '\\q'; expected one of \\\\ \\\" \\' \\n \\t \\* \\? \\%");
    }

    @Test
    void shouldReportUnbalancedParenthesesAndDanglingKeywords() {
        assertThat(catchSyntax("(source = a").getMessage())
                .isEqualTo("offset 11: expected ')' to close the '(' at offset 0, or AND, OR, found end of query");
        assertThat(catchSyntax("source = a)").getMessage())
                .isEqualTo("offset 10: expected AND, OR or end of query, found ')'");
        assertThat(catchSyntax("source = a AND").getMessage())
                .isEqualTo("offset 14: expected a field name (attackTag, tactic, confidence, origin, state, source,"
                        + " title, text, published, techniqueCount, indicator), NOT or '(', found end of query");
        assertThat(catchSyntax("source = a source = b").getMessage())
                .isEqualTo("offset 11: expected AND, OR or end of query, found 'source'");
        assertThat(catchSyntax("source IN \"a\"").getMessage())
                .isEqualTo("offset 10: expected '(' to start the list of values after IN, found string \"a\"");
        assertThat(catchSyntax("source IN (\"a\" \"b\")").getMessage())
                .isEqualTo("offset 15: expected ',' or ')' in the list of values, found string \"b\"");
        assertThat(catchSyntax("source = AND").getMessage())
                .isEqualTo("offset 9: expected a value for source (a quoted string or a number), found keyword AND");
    }

    @Test
    void shouldRejectUnknownCharactersAndLoneBang() {
        assertThat(catchSyntax("source = a & source = b").getMessage())
                .isEqualTo("offset 11: unexpected character '&'");
        assertThat(catchSyntax("source ! a").getMessage())
                .isEqualTo("offset 7: expected '!=', found '!' (write NOT to negate)");
        assertThat(catchSyntax("source ~ a").offset()).isEqualTo(7);
    }

    private static QuerySyntaxException catchSyntax(String query) {
        try {
            parse(query);
        } catch (QuerySyntaxException e) {
            return e;
        }
        throw new AssertionError("expected a syntax error for " + query);
    }

    /** Conditions compared without their offsets, which the structural asserts do not care about. */
    private static QueryNode withoutOffsets(QueryNode node) {
        if (node instanceof Condition c) {
            return new Condition(c.field(), c.operator(), c.values(), 0);
        }
        if (node instanceof And and) {
            return new And(
                    and.operands().stream().map(QueryParserTest::withoutOffsets).toList());
        }
        if (node instanceof Or or) {
            return new Or(
                    or.operands().stream().map(QueryParserTest::withoutOffsets).toList());
        }
        if (node instanceof Not not) {
            return new Not(withoutOffsets(not.operand()));
        }
        return node;
    }
}
