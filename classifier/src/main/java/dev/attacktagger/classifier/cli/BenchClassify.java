package dev.attacktagger.classifier.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import dev.attacktagger.classifier.Classification;
import dev.attacktagger.classifier.ClassifyOptions;
import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.TechniqueTagger;
import dev.attacktagger.classifier.text.Sentence;
import dev.attacktagger.classifier.text.SentenceSplitter;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.ProcedureExample;

/**
 * Measures classification speed and memory on reports of about 20,000 characters built from ATT&amp;CK procedure
 * text, and the raw encoder's throughput on the same sentences in the same run, so that the pipeline's overhead is a
 * ratio unaffected by whatever else the machine is doing.
 *
 * <pre>
 * BenchClassify --model DIR --data DIR [--reports N] [--chars N]
 * </pre>
 */
public final class BenchClassify {

    private BenchClassify() {}

    public static void main(String[] args) throws IOException {
        Path model = Path.of("models/default");
        Path data = Path.of("../shared/data");
        int reports = 20;
        int chars = 20_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                case "--reports" -> reports = Integer.parseInt(args[i + 1]);
                case "--chars" -> chars = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(data.resolve("attack/enterprise-attack-18.1.json.gz"));
        List<String> texts = build(kb, reports + 2, chars);
        SentenceSplitter splitter = new SentenceSplitter();
        try (TechniqueTagger tagger = TechniqueTagger.load(model, EncoderSettings.defaults())) {
            // Two warm-up reports: the first runs are slower while the JIT and ONNX Runtime settle.
            for (int i = 0; i < 2; i++) {
                tagger.classify(texts.get(i), ClassifyOptions.DEFAULT);
            }
            long[] pipeline = new long[reports];
            long pipelineTotal = 0;
            long encoderTotal = 0;
            long sentences = 0;
            long distinctSentences = 0;
            for (int r = 0; r < reports; r++) {
                String text = texts.get(r + 2);
                List<String> distinct = new ArrayList<>(new LinkedHashSet<>(
                        splitter.split(text).stream().map(Sentence::text).toList()));
                long started = System.nanoTime();
                tagger.encoder().encode(distinct);
                encoderTotal += System.nanoTime() - started;
                started = System.nanoTime();
                Classification classification = tagger.classify(text, ClassifyOptions.DEFAULT);
                pipeline[r] = System.nanoTime() - started;
                pipelineTotal += pipeline[r];
                sentences += classification.sentences();
                distinctSentences += distinct.size();
            }
            long[] sorted = pipeline.clone();
            Arrays.sort(sorted);
            double p50 = sorted[(int) Math.floor(0.5 * (reports - 1))] / 1e6;
            double p95 = sorted[(int) Math.ceil(0.95 * (reports - 1))] / 1e6;
            System.out.printf(
                    "reports: %d of about %d characters (from ATT&CK procedure text), %d sentences%n",
                    reports, chars, sentences);
            System.out.printf(
                    "encoder: %s on %s, %d threads%n",
                    tagger.card().encoder(),
                    tagger.encoder().executionProvider(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("pipeline sentences/s: %.1f%n", sentences / (pipelineTotal / 1e9));
            System.out.printf("ms per report: p50 %.0f, p95 %.0f%n", p50, p95);
            System.out.printf(
                    "raw encoder sentences/s (same sentences, same run): %.1f%n",
                    distinctSentences / (encoderTotal / 1e9));
            System.out.printf(
                    "pipeline overhead over the raw encoder: %.1f %%%n",
                    100.0 * (pipelineTotal - encoderTotal) / encoderTotal);
            System.out.printf("peak RSS: %s%n", peakRss());
        }
    }

    /** Reports of about {@code chars} characters: procedure examples in a seeded random order, a paragraph each. */
    private static List<String> build(AttackKnowledgeBase kb, int count, int chars) {
        List<ProcedureExample> examples = new ArrayList<>(kb.procedureExamples());
        Collections.shuffle(examples, new Random(7));
        List<String> reports = new ArrayList<>();
        int next = 0;
        for (int r = 0; r < count; r++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < chars) {
                text.append(examples.get(next++ % examples.size()).text().strip())
                        .append("\n\n");
            }
            reports.add(text.substring(0, chars));
        }
        return reports;
    }

    private static String peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "unknown (no /proc)";
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format("%.0f MB", kb / 1024.0);
            }
        }
        return "unknown";
    }
}
