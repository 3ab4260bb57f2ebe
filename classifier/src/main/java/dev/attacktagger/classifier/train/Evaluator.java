package dev.attacktagger.classifier.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.attacktagger.classifier.Classification;
import dev.attacktagger.classifier.ClassifyOptions;
import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classifier.TechniqueTag;
import dev.attacktagger.classifier.TechniqueTagger;
import dev.attacktagger.classifier.text.SentenceSplitter;
import dev.attacktagger.kb.AttackKnowledgeBase;

/**
 * Prints a model's validation figures: those recorded when it was trained, then the same cut of the data classified
 * again end to end through {@link TechniqueTagger}, as a caller would.
 *
 * <pre>
 * Evaluator --model DIR [--data DIR]
 * </pre>
 */
public final class Evaluator {

    /** How many techniques the error table lists. */
    private static final int ERROR_ROWS = 25;

    private Evaluator() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        Path model = Path.of(options.getOrDefault("model", "models/default"));
        Path data = Path.of(options.getOrDefault("data", "../shared/data"));
        try (TechniqueTagger tagger = TechniqueTagger.load(model, EncoderSettings.defaults())) {
            ModelCard card = tagger.card();
            System.out.println("model " + card.id() + " (ATT&CK " + card.attackVersion() + ", encoder "
                    + card.encoder() + "): " + card.techniques().size() + " techniques, " + card.releasedCount()
                    + " released");
            System.out.println("figures recorded by scripts/train (see MODEL_CARD.md for how they were measured):");
            card.validation().forEach((key, value) -> {
                if (!(value instanceof List<?>) && !(value instanceof Map<?, ?>)) {
                    System.out.println("  " + key + ": " + value);
                }
            });
            if (!Files.isDirectory(data.resolve("tram"))) {
                System.out.println("no data at " + data + "; skipping the end-to-end run");
                return;
            }
            AttackKnowledgeBase kb = AttackKnowledgeBase.load(data.resolve("attack/enterprise-attack-18.1.json.gz"));
            Corpus corpus = Corpus.build(data, kb, new SentenceSplitter(), 17);
            long tp = 0;
            long fp = 0;
            long fn = 0;
            long fpAll = 0;
            Set<String> space = new HashSet<>();
            List<Corpus.Document> reports = new ArrayList<>();
            for (Corpus.Document document : corpus.validation) {
                if (document.kind().equals("report")) {
                    reports.add(document);
                    document.labels()
                            .forEach(t -> space.add(card.techniques().get(t).id()));
                }
            }
            long millis = 0;
            Map<String, long[]> byTechnique = new java.util.TreeMap<>();
            for (Corpus.Document document : reports) {
                Classification classification = tagger.classify(document.text(), ClassifyOptions.DEFAULT);
                millis += classification.millis();
                Set<String> truth = new HashSet<>();
                document.labels()
                        .forEach(t -> truth.add(card.techniques().get(t).id()));
                Set<String> predicted = new HashSet<>();
                for (TechniqueTag tag : classification.techniques()) {
                    predicted.add(tag.id());
                }
                for (String id : predicted) {
                    if (truth.contains(id)) {
                        tp++;
                        byTechnique.computeIfAbsent(id, k -> new long[3])[0]++;
                    } else if (space.contains(id)) {
                        fp++;
                        byTechnique.computeIfAbsent(id, k -> new long[3])[1]++;
                    } else {
                        fpAll++;
                    }
                }
                for (String id : truth) {
                    if (!predicted.contains(id)) {
                        fn++;
                        byTechnique.computeIfAbsent(id, k -> new long[3])[2]++;
                    }
                }
            }
            System.out.printf(
                    "end to end on %d held-out TRAM reports (released thresholds, which were tuned on them):%n",
                    reports.size());
            System.out.printf(
                    "  documentMicroF1: %.4f (precision %.4f, recall %.4f)%n",
                    f1(tp, fp, fn), ratio(tp, tp + fp), ratio(tp, tp + fn));
            System.out.printf("  documentMicroF1AllTechniques: %.4f%n", f1(tp, fp + fpAll, fn));
            System.out.printf("  mean milliseconds per report: %d%n", millis / Math.max(1, reports.size()));
            printErrors(byTechnique, card);
            List<String> sentences = corpus.validationSentences.stream()
                    .map(Corpus.LabelledSentence::text)
                    .toList();
            float[][] scores = tagger.scoreSentences(sentences);
            int correct = 0;
            Map<String, Integer> confusions = new java.util.TreeMap<>();
            for (int i = 0; i < scores.length; i++) {
                int best = -1;
                for (int t = 0; t < scores[i].length; t++) {
                    if (best < 0 || scores[i][t] > scores[i][best]) {
                        best = t;
                    }
                }
                int label = corpus.validationSentences.get(i).label();
                if (best == label) {
                    correct++;
                } else {
                    confusions.merge(
                            card.techniques().get(label).id() + " taken for "
                                    + card.techniques().get(best).id(),
                            1,
                            Integer::sum);
                }
            }
            System.out.printf(
                    "  sentenceTop1 on %d held-out TRAM sentences: %.4f%n",
                    scores.length, ratio(correct, scores.length));
            List<Map.Entry<String, Integer>> confused = new ArrayList<>(confusions.entrySet());
            confused.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            System.out.printf("  the %d most frequent sentence confusions:%n", Math.min(ERROR_ROWS, confused.size()));
            confused.stream()
                    .limit(ERROR_ROWS)
                    .forEach(e -> System.out.printf("    %3d  %s%n", e.getValue(), e.getKey()));
        }
    }

    /** The techniques that cost the most errors end to end, so that a reader sees where the F1 goes. */
    private static void printErrors(Map<String, long[]> byTechnique, ModelCard card) {
        Map<String, String> names = new java.util.HashMap<>();
        card.techniques().forEach(t -> names.put(t.id(), t.name()));
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byTechnique.entrySet());
        rows.removeIf(e -> e.getValue()[1] + e.getValue()[2] == 0);
        rows.sort(java.util.Comparator.comparingLong(
                        (Map.Entry<String, long[]> e) -> -(e.getValue()[1] + e.getValue()[2]))
                .thenComparing(Map.Entry::getKey));
        System.out.printf(
                "  the %d techniques with the most errors (true positives, false positives, false negatives):%n",
                Math.min(ERROR_ROWS, rows.size()));
        for (Map.Entry<String, long[]> row : rows.subList(0, Math.min(ERROR_ROWS, rows.size()))) {
            long[] c = row.getValue();
            System.out.printf(
                    "    %-10s tp %3d  fp %3d  fn %3d  %s%n",
                    row.getKey(), c[0], c[1], c[2], names.getOrDefault(row.getKey(), ""));
        }
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double f1(long tp, long fp, long fn) {
        double p = ratio(tp, tp + fp);
        double r = ratio(tp, tp + fn);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
