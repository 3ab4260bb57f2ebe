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
                    } else if (space.contains(id)) {
                        fp++;
                    } else {
                        fpAll++;
                    }
                }
                for (String id : truth) {
                    if (!predicted.contains(id)) {
                        fn++;
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
            List<String> sentences = corpus.validationSentences.stream()
                    .map(Corpus.LabelledSentence::text)
                    .toList();
            float[][] scores = tagger.scoreSentences(sentences);
            int correct = 0;
            for (int i = 0; i < scores.length; i++) {
                int best = -1;
                for (int t = 0; t < scores[i].length; t++) {
                    if (best < 0 || scores[i][t] > scores[i][best]) {
                        best = t;
                    }
                }
                if (best == corpus.validationSentences.get(i).label()) {
                    correct++;
                }
            }
            System.out.printf(
                    "  sentenceTop1 on %d held-out TRAM sentences: %.4f%n",
                    scores.length, ratio(correct, scores.length));
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
