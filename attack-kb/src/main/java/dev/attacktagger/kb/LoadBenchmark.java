package dev.attacktagger.kb;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prints how long loading a bundle takes and how much heap the loaded knowledge base keeps.
 *
 * <p>Run with {@code scripts/bench-attack-kb [BUNDLE]}. The first load warms the JIT; the figures are the median of
 * the following loads, and the retained heap is measured after a full GC with the knowledge base still referenced.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    public static void main(String[] args) {
        Path bundle = Path.of(args.length > 0 ? args[0] : "../shared/data/attack/enterprise-attack-18.1.json.gz");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long start = System.nanoTime();
        AttackKnowledgeBase kb = AttackKnowledgeBase.load(bundle);
        double firstMillis = (System.nanoTime() - start) / 1e6;
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            kb = AttackKnowledgeBase.load(bundle);
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Arrays.sort(millis);
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long retained = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf(
                "bundle=%s version=%s active=%d%n",
                bundle, kb.version(), kb.activeTechniques().size());
        System.out.printf("first load (cold JVM): %.0f ms%n", firstMillis);
        System.out.printf("warm load median of %d: %d ms%n", runs, millis[runs / 2]);
        System.out.printf("heap in use after GC with the knowledge base loaded: %.1f MB%n", retained / 1e6);
        System.out.printf("max heap allowed for this run: %.0f MB%n", runtime.maxMemory() / 1e6);
    }
}
