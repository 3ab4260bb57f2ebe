package dev.attacktagger.classifier.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.attacktagger.classifier.model.AttackFacts;
import dev.attacktagger.kb.AttackIds;

/**
 * Finds what a text names outright: technique ids in any written form, technique names, and software whose techniques
 * ATT&amp;CK knows. Thread-safe once built.
 */
public final class MentionFinder {

    /** Software names shorter than this ({@code at}, {@code Net}) match ordinary words too often to be a signal. */
    private static final int MIN_SOFTWARE_NAME = 4;

    private final Map<String, Integer> index;
    private final AttackFacts facts;
    private final String[] techniqueNames;
    private final List<NamedSoftware> software = new ArrayList<>();

    private record NamedSoftware(String name, int[] techniques) {}

    /**
     * An id written in the text that leads to an active technique.
     *
     * @param technique the index of the technique it stands for (the replacement of a revoked id)
     * @param start where the id as written starts
     * @param end just past it
     * @param written the id as written
     */
    public record IdMention(int technique, int start, int end, String written) {}

    public MentionFinder(AttackFacts facts) {
        this.facts = facts;
        this.index = facts.indexById();
        this.techniqueNames = new String[facts.techniques().size()];
        for (int t = 0; t < techniqueNames.length; t++) {
            techniqueNames[t] = facts.techniques().get(t).name().toLowerCase(Locale.ROOT);
        }
        Map<String, int[]> byName = new HashMap<>();
        for (AttackFacts.SoftwareFact fact : facts.software()) {
            int[] uses = fact.techniques().stream()
                    .map(index::get)
                    .filter(i -> i != null)
                    .mapToInt(Integer::intValue)
                    .toArray();
            for (String name : fact.names()) {
                if (name.length() >= MIN_SOFTWARE_NAME && uses.length > 0) {
                    byName.merge(name, uses, MentionFinder::union);
                }
            }
        }
        byName.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> software.add(new NamedSoftware(entry.getKey(), entry.getValue())));
    }

    private static int[] union(int[] a, int[] b) {
        return java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .distinct()
                .sorted()
                .toArray();
    }

    /**
     * The technique ids written in a text. A revoked id yields its replacement; a deprecated or unknown id yields
     * nothing; a sub-technique is never cut to its parent.
     */
    public List<IdMention> ids(String text) {
        List<IdMention> found = new ArrayList<>();
        for (AttackIds.IdMention mention : AttackIds.findAll(text)) {
            Optional<String> current = facts.current(mention.id(), index);
            current.map(index::get)
                    .ifPresent(t -> found.add(new IdMention(t, mention.start(), mention.end(), mention.written())));
        }
        return found;
    }

    /** Which techniques are named in the text (whole words, any case). */
    public boolean[] techniqueNames(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean[] named = new boolean[techniqueNames.length];
        for (int t = 0; t < techniqueNames.length; t++) {
            named[t] = containsWord(lower, techniqueNames[t]);
        }
        return named;
    }

    /** Which techniques are used by software named in the text (whole words, case as ATT&amp;CK writes the name). */
    public boolean[] softwareTechniques(String text) {
        boolean[] used = new boolean[techniqueNames.length];
        for (NamedSoftware named : software) {
            if (containsWord(text, named.name())) {
                for (int t : named.techniques()) {
                    used[t] = true;
                }
            }
        }
        return used;
    }

    static boolean containsWord(String text, String word) {
        int from = 0;
        while (true) {
            int at = text.indexOf(word, from);
            if (at < 0) {
                return false;
            }
            int end = at + word.length();
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
            from = at + 1;
        }
    }
}
