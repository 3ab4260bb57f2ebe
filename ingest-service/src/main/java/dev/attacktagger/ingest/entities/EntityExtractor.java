package dev.attacktagger.ingest.entities;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.attacktagger.kb.AttackEntity;
import dev.attacktagger.kb.AttackKnowledgeBase;

/**
 * Finds ATT&amp;CK software (malware and tools) and groups named in a text, by their names and aliases, and resolves
 * each to its ATT&amp;CK entry: "Sofacy" in a text gives the group APT28.
 *
 * <p>Names are matched as whole words: text and names are cut into runs of letters and digits, and a name matches a
 * run of words that equals its own, separated by at most two punctuation or space characters on one line. Names of at
 * most {@value #SHORT_NAME} characters are matched case-sensitively ("Tor" but not "tor"), longer ones in any case.
 * A few ATT&amp;CK names are ordinary English words ("at", "Net", "Ping", "Page", "Play"...): they are never matched on
 * their own, only through a longer alias such as {@code net.exe}. Campaigns are left out. An alias that several
 * entries share ("Sofacy" is a group's and a malware's) names all of them: the text alone cannot tell which is meant.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class EntityExtractor {

    static final int SHORT_NAME = 5;
    private static final int MAX_GAP = 2;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final Set<String> ORDINARY_WORDS = Set.of(
            "at",
            "net",
            "page",
            "ping",
            "play",
            "epic",
            "tick",
            "route",
            "reg",
            "cmd",
            "ftp",
            "arp",
            "cuba",
            "attrib",
            "cipher",
            "netstat",
            "ifconfig",
            "ipconfig",
            "certutil",
            "schtasks",
            "netsh",
            "pony");

    private final Map<String, List<Name>> names = new HashMap<>();
    private final int longestName;

    /** Matches the given entities; campaigns and entities without an ATT&amp;CK id are ignored. */
    public EntityExtractor(Collection<AttackEntity> entities) {
        int longest = 1;
        for (AttackEntity entity : entities) {
            if (entity.kind() == AttackEntity.Kind.CAMPAIGN || entity.attackId() == null) {
                continue;
            }
            List<String> written = new ArrayList<>();
            written.add(entity.name());
            written.addAll(entity.aliases());
            for (String name : written) {
                List<String> words = words(name);
                if (words.isEmpty() || ORDINARY_WORDS.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String key = String.join(" ", words).toLowerCase(Locale.ROOT);
                boolean caseSensitive = name.strip().length() <= SHORT_NAME;
                names.computeIfAbsent(key, k -> new ArrayList<>()).add(new Name(entity, words, caseSensitive));
                longest = Math.max(longest, words.size());
            }
        }
        this.longestName = longest;
    }

    /** Matches the software and groups of a knowledge base. */
    public static EntityExtractor of(AttackKnowledgeBase knowledgeBase) {
        return new EntityExtractor(knowledgeBase.entities());
    }

    /**
     * The ATT&amp;CK entries named in {@code text}, each once, in the order they are first named.
     *
     * @param text a report's text; null gives an empty list
     */
    public List<EntityMention> extract(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<int[]> spans = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            spans.add(new int[] {word.start(), word.end()});
        }
        Map<String, EntityMention> found = new LinkedHashMap<>();
        int i = 0;
        while (i < spans.size()) {
            int matched = matchAt(text, spans, i, found);
            i += Math.max(matched, 1);
        }
        return List.copyOf(found.values());
    }

    /** Tries the longest name first at word {@code start}; returns how many words matched, 0 when none. */
    private int matchAt(String text, List<int[]> spans, int start, Map<String, EntityMention> found) {
        int limit = Math.min(longestName, spans.size() - start);
        StringBuilder key = new StringBuilder();
        List<String> written = new ArrayList<>();
        int usable = 0;
        for (int n = 0; n < limit; n++) {
            int[] span = spans.get(start + n);
            if (n > 0 && !joinable(text, spans.get(start + n - 1)[1], span[0])) {
                break;
            }
            written.add(text.substring(span[0], span[1]));
            usable++;
        }
        for (int n = usable; n >= 1; n--) {
            key.setLength(0);
            for (int w = 0; w < n; w++) {
                if (w > 0) {
                    key.append(' ');
                }
                key.append(written.get(w).toLowerCase(Locale.ROOT));
            }
            List<Name> candidates = names.get(key.toString());
            if (candidates == null) {
                continue;
            }
            List<String> words = written.subList(0, n);
            boolean any = false;
            for (Name candidate : candidates) {
                if (!candidate.caseSensitive() || candidate.words().equals(words)) {
                    AttackEntity entity = candidate.entity();
                    found.putIfAbsent(
                            entity.attackId(),
                            new EntityMention(
                                    entity.attackId(),
                                    entity.name(),
                                    entity.kind().name()));
                    any = true;
                }
            }
            if (any) {
                return n;
            }
        }
        return 0;
    }

    private static boolean joinable(String text, int from, int to) {
        if (to - from > MAX_GAP) {
            return false;
        }
        String gap = text.substring(from, to);
        return gap.indexOf('\n') < 0 && gap.indexOf('\r') < 0 && !gap.equals(". ");
    }

    private static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(name);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    private record Name(AttackEntity entity, List<String> words, boolean caseSensitive) {}
}
