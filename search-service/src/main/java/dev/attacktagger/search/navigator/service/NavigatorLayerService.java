package dev.attacktagger.search.navigator.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.attacktagger.kb.AttackIds;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.Technique;
import dev.attacktagger.search.common.ProblemException;
import dev.attacktagger.search.index.ReportQueries;
import dev.attacktagger.search.index.ReportSearchIndex;
import dev.attacktagger.search.navigator.model.NavigatorLayer;

/**
 * Draws the techniques of the reports a query matches as an ATT&amp;CK Navigator layer: one entry per technique and
 * tactic, scored with the number of matching reports tagged with that technique.
 */
@Singleton
public class NavigatorLayerService {

    public static final String LAYER_VERSION = "4.5";
    public static final String NAVIGATOR_VERSION = "5.1.0";
    static final String LOW = "#ffe5e5";
    static final String HIGH = "#cc0000";
    static final String NONE = "#ffffff";
    /** The longest layer name, as for requirement names. */
    static final int MAX_NAME = 200;

    @Inject
    ReportQueries queries;

    @Inject
    ReportSearchIndex index;

    @Inject
    AttackKnowledgeBase kb;

    public NavigatorLayer layer(String organisation, String query, String name) {
        if (name != null && name.strip().length() > MAX_NAME) {
            throw ProblemException.invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        String written = query == null ? "" : query;
        // Compiled as written, so that an error's offset counts from the caller's first character.
        Map<String, Long> counts = index.techniqueCounts(organisation, queries.compile("query", written));
        String text = written.strip();
        long reports = counts.remove("");
        // Parents of tagged sub-techniques get an entry of their own, so that the Navigator can open them.
        Map<String, Long> entries = new LinkedHashMap<>(counts);
        Map<String, Long> rolledUp = new LinkedHashMap<>();
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            if (count.getKey().contains(".")) {
                String parent = AttackIds.parentOf(count.getKey());
                entries.putIfAbsent(parent, 0L);
                rolledUp.merge(parent, count.getValue(), Long::sum);
            }
        }
        List<NavigatorLayer.Technique> techniques = new ArrayList<>();
        long max = 0;
        for (String id : new TreeSet<>(entries.keySet())) {
            Optional<Technique> technique = kb.technique(id);
            if (technique.isEmpty()) {
                // Not in this ATT&CK version (a retired id tagged earlier): the Navigator could not place it.
                continue;
            }
            long score = entries.get(id);
            max = Math.max(max, score);
            boolean hasTaggedChildren = rolledUp.containsKey(id);
            String comment = comment(score, rolledUp.get(id));
            for (String tactic : technique.get().tactics()) {
                techniques.add(new NavigatorLayer.Technique(
                        id,
                        tactic,
                        score,
                        comment,
                        true,
                        List.of(new NavigatorLayer.Metadata(
                                "name", technique.get().fullName(kb))),
                        hasTaggedChildren));
            }
        }
        techniques.sort(Comparator.comparing(NavigatorLayer.Technique::techniqueID)
                .thenComparing(NavigatorLayer.Technique::tactic));
        long maxValue = Math.max(max, 1);
        String title = name != null && !name.isBlank()
                ? name.strip()
                : "attack-tagger: " + (text.isEmpty() ? "all reports" : text);
        return new NavigatorLayer(
                title,
                new NavigatorLayer.Versions(LAYER_VERSION, kb.version(), NAVIGATOR_VERSION),
                "enterprise-attack",
                "Techniques of the " + reports + " reports of " + organisation + " that match "
                        + (text.isEmpty() ? "any query" : "the query " + text)
                        + "; score = number of matching reports tagged with the technique",
                3,
                new NavigatorLayer.Layout("side", "average", true, true),
                false,
                techniques,
                new NavigatorLayer.Gradient(List.of(NONE, LOW, HIGH), 0, maxValue),
                legend(max),
                List.of(
                        new NavigatorLayer.Metadata("query", text),
                        new NavigatorLayer.Metadata("organisation", organisation),
                        new NavigatorLayer.Metadata("reports", Long.toString(reports))),
                false,
                "#dddddd",
                true,
                false,
                false);
    }

    /** One item per distinct colour drawn: 0 reports alone is white, 1 alone is the top colour. */
    private static List<NavigatorLayer.LegendItem> legend(long max) {
        if (max == 0) {
            return List.of(new NavigatorLayer.LegendItem("0 reports", NONE));
        }
        if (max == 1) {
            return List.of(new NavigatorLayer.LegendItem("1 report", HIGH));
        }
        return List.of(
                new NavigatorLayer.LegendItem("1 report", LOW), new NavigatorLayer.LegendItem(max + " reports", HIGH));
    }

    private static String comment(long score, Long children) {
        String own = score + (score == 1 ? " matching report" : " matching reports");
        return children == null ? own : own + "; " + children + " with its sub-techniques";
    }
}
