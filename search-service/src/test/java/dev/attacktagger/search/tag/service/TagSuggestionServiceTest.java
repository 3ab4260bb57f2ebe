package dev.attacktagger.search.tag.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.search.tag.model.TagSuggestion;

class TagSuggestionServiceTest {

    private static TagSuggestionService suggestions;

    @BeforeAll
    static void load() {
        suggestions = new TagSuggestionService(
                AttackKnowledgeBase.load(Path.of("src/test/resources/attack/test-attack-bundle.json")));
    }

    @Test
    void shouldSuggestByTheStartOfANameShortestFirst() {
        assertThat(suggestions.suggest("powersh", 10))
                .extracting(TagSuggestion::id)
                .containsExactly("T1059.001", "T1546.013");
        assertThat(suggestions.suggest("powersh", 1).get(0).fullName())
                .isEqualTo("Command and Scripting Interpreter: PowerShell");
    }

    @Test
    void shouldSuggestByIdPrefixInAnyWrittenForm() {
        assertThat(suggestions.suggest("T1059", 10))
                .extracting(TagSuggestion::id)
                .containsExactly("T1059", "T1059.001", "T1059.003");
        assertThat(suggestions.suggest("t1059/00", 10))
                .extracting(TagSuggestion::id)
                .containsExactly("T1059.001", "T1059.003");
        assertThat(suggestions.suggest("t10", 2)).extracting(TagSuggestion::id).containsExactly("T1003", "T1003.001");
    }

    @Test
    void shouldRankNamePrefixesBeforeWordPrefixesBeforeSubstrings() {
        // "command" starts the name of T1059 and of its children's full names; a word of T1059.003's own name.
        assertThat(suggestions.suggest("command", 10))
                .extracting(TagSuggestion::id)
                .containsExactly("T1059", "T1059.001", "T1059.003");
        assertThat(suggestions.suggest("cred dump", 10))
                .extracting(TagSuggestion::id)
                .containsExactly("T1003", "T1003.001");
        assertThat(suggestions.suggest("ssass", 10))
                .extracting(TagSuggestion::id)
                .isEmpty();
        assertThat(suggestions.suggest("sass", 10))
                .extracting(TagSuggestion::id)
                .containsExactly("T1003.001");
    }

    @Test
    void shouldSuggestNothingForUnrelatedText() {
        assertThat(suggestions.suggest("zebra", 10)).isEmpty();
    }
}
