package dev.attacktagger.search.tag.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.Technique;
import dev.attacktagger.search.tag.model.TagSuggestion;

/**
 * Suggests techniques for what an analyst is typing, from the knowledge base in memory (about 700 techniques: a scan
 * per keystroke costs well under a millisecond, so no index is kept).
 *
 * <p>Ranking: the exact id, then ids that start with the text (in id order), then techniques whose own name starts
 * with it, then sub-techniques whose parent's name does, then own names and then full names with a word that starts
 * with each typed word, then full names that merely contain the text. Within those name ranks, shorter names first.
 */
@Singleton
public class TagSuggestionService {

    private final List<Entry> entries;

    @Inject
    public TagSuggestionService(AttackKnowledgeBase kb) {
        List<Entry> built = new ArrayList<>();
        for (Technique technique : kb.activeTechniques()) {
            String fullName = technique.fullName(kb);
            built.add(new Entry(
                    new TagSuggestion(technique.id(), technique.name(), fullName, technique.tactics()),
                    technique.name().toLowerCase(Locale.ROOT),
                    fullName.toLowerCase(Locale.ROOT),
                    words(technique.name()),
                    words(fullName)));
        }
        this.entries = List.copyOf(built);
    }

    /**
     * The best suggestions for {@code text}.
     *
     * @param text what was typed: an id or its start ({@code T1059.0}, {@code t1059/001}) or words of a name
     * @param limit at most this many
     */
    public List<TagSuggestion> suggest(String text, int limit) {
        String typed = text.strip().toLowerCase(Locale.ROOT);
        String idPrefix = idPrefix(typed);
        List<String> words = List.of(typed.split("[^\\p{L}\\p{N}]+")).stream()
                .filter(word -> !word.isEmpty())
                .toList();
        record Ranked(Entry entry, int rank) {}
        List<Ranked> ranked = new ArrayList<>();
        for (Entry entry : entries) {
            int rank = rank(entry, typed, idPrefix, words);
            if (rank < Integer.MAX_VALUE) {
                ranked.add(new Ranked(entry, rank));
            }
        }
        return ranked.stream()
                .sorted(Comparator.comparingInt(Ranked::rank)
                        .thenComparingInt(r -> r.rank() <= 1
                                ? 0
                                : r.entry().suggestion().name().length())
                        .thenComparing(r -> r.entry().suggestion().id()))
                .limit(limit)
                .map(r -> r.entry().suggestion())
                .toList();
    }

    private static int rank(Entry entry, String typed, String idPrefix, List<String> words) {
        String id = entry.suggestion().id();
        if (idPrefix != null) {
            if (id.equals(idPrefix)) {
                return 0;
            }
            if (id.startsWith(idPrefix)) {
                return 1;
            }
        }
        if (typed.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        if (entry.name().startsWith(typed)) {
            return 2;
        }
        if (entry.fullName().startsWith(typed)) {
            return 3;
        }
        if (!words.isEmpty() && startsWords(entry.ownWords(), words)) {
            return 4;
        }
        if (!words.isEmpty() && startsWords(entry.words(), words)) {
            return 5;
        }
        if (entry.fullName().contains(typed)) {
            return 6;
        }
        return Integer.MAX_VALUE;
    }

    /** Whether every typed word starts some word of the name. */
    private static boolean startsWords(List<String> nameWords, List<String> typedWords) {
        return typedWords.stream().allMatch(word -> nameWords.stream().anyMatch(w -> w.startsWith(word)));
    }

    /** The typed text as the start of a canonical id, or null when it cannot be one. */
    private static String idPrefix(String typed) {
        if (!typed.matches("t\\d{0,4}([./_\\-]\\d{0,3})?")) {
            return null;
        }
        String upper = typed.toUpperCase(Locale.ROOT).replaceAll("[/_\\-]", ".");
        return AttackIds.normalize(upper).orElse(upper);
    }

    private static List<String> words(String name) {
        return List.of(name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
    }

    private record Entry(
            TagSuggestion suggestion, String name, String fullName, List<String> ownWords, List<String> words) {}
}
