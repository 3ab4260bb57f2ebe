package dev.attacktagger.classify.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.SentenceEncoder;

class BatchingSentenceEncoderTest {

    /**
     * How long a test waits for the batching threads: generous, because a loaded build machine may leave a thread
     * unscheduled for seconds; every wait returns as soon as its condition holds.
     */
    private static final long PATIENCE_SECONDS = 60;

    private final List<BatchingSentenceEncoder> opened = new ArrayList<>();
    private ExecutorService callers;

    @AfterEach
    void closeAll() {
        opened.forEach(BatchingSentenceEncoder::close);
        if (callers != null) {
            callers.shutdownNow();
        }
    }

    @Test
    void shouldGiveEveryConcurrentCallerExactlyItsOwnVectors() throws Exception {
        FakeEncoder fake = new FakeEncoder(1);
        List<int[]> runs = new CopyOnWriteArrayList<>();
        BatchingSentenceEncoder batching = open(
                fake, 16, 5, 100_000, (sentences, callerCount, nanos) -> runs.add(new int[] {sentences, callerCount}));
        Random random = new Random(20261204L);
        List<List<String>> documents = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            List<String> sentences = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            for (int s = 0; s < count; s++) {
                // Repeated sentences across documents are fine: a vector depends on the sentence only.
                sentences.add("document " + d + " sentence " + s + " word " + random.nextInt(5));
            }
            documents.add(sentences);
        }
        callers = Executors.newFixedThreadPool(32);
        List<Future<float[][]>> answers = new ArrayList<>();
        for (List<String> document : documents) {
            answers.add(callers.submit(() -> batching.encode(document)));
        }

        for (int d = 0; d < documents.size(); d++) {
            float[][] expected = FakeEncoder.vectorsOf(documents.get(d));
            assertThat(answers.get(d).get(PATIENCE_SECONDS, TimeUnit.SECONDS))
                    .as("document %d", d)
                    .isDeepEqualTo(expected);
        }
        assertThat(runs).allSatisfy(run -> assertThat(run[0]).isBetween(1, 16));
        assertThat(runs).anySatisfy(run -> assertThat(run[1]).isGreaterThan(1));
        assertThat(runs.stream().mapToInt(run -> run[0]).sum())
                .isEqualTo(documents.stream().mapToInt(List::size).sum());
        assertThat(batching.depth()).isZero();
    }

    @Test
    void shouldGiveEveryCallerItsOwnVectorsWithSeveralBatchingThreads() throws Exception {
        BatchingSentenceEncoder batching =
                new BatchingSentenceEncoder(new FakeEncoder(1), 8, 2, 100_000, 3, BatchObserver.NONE);
        opened.add(batching);
        callers = Executors.newFixedThreadPool(16);
        List<List<String>> documents = new ArrayList<>();
        List<Future<float[][]>> answers = new ArrayList<>();
        for (int d = 0; d < 100; d++) {
            List<String> document = sentences("threads " + d, 1 + d % 23);
            documents.add(document);
            answers.add(callers.submit(() -> batching.encode(document)));
        }

        for (int d = 0; d < documents.size(); d++) {
            assertThat(answers.get(d).get(PATIENCE_SECONDS, TimeUnit.SECONDS))
                    .isDeepEqualTo(FakeEncoder.vectorsOf(documents.get(d)));
        }
    }

    @Test
    void shouldRefuseCallersOnceTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeEncoder fake = new FakeEncoder(1) {
            @Override
            public float[][] encode(List<String> sentences) {
                awaitQuietly(release);
                return super.encode(sentences);
            }
        };
        BatchingSentenceEncoder batching = open(fake, 4, 0, 10, BatchObserver.NONE);
        callers = Executors.newFixedThreadPool(3);
        // The first caller's first batch of 4 blocks the batching thread; its other 4 sentences wait in the queue.
        Future<float[][]> first;
        Future<float[][]> second;
        try {
            first = callers.submit(() -> batching.encode(sentences("a", 8)));
            awaitDepth(batching, 4);
            second = callers.submit(() -> batching.encode(sentences("b", 6)));
            awaitDepth(batching, 10);

            assertThatThrownBy(() -> batching.encode(sentences("c", 1)))
                    .isInstanceOf(QueueFullException.class)
                    .hasMessage("the encoder queue holds 10 of at most 10 sentences and cannot take 1 more");
        } finally {
            // Also on a failure above, so that the blocked run ends and closing the encoder does not wait for it.
            release.countDown();
        }
        assertThat(first.get(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .isDeepEqualTo(FakeEncoder.vectorsOf(sentences("a", 8)));
        assertThat(second.get(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .isDeepEqualTo(FakeEncoder.vectorsOf(sentences("b", 6)));
        assertThat(batching.encode(sentences("c", 1))).isDeepEqualTo(FakeEncoder.vectorsOf(sentences("c", 1)));
    }

    @Test
    void shouldAdmitACallerLargerThanTheWholeQueueIntoAnEmptyQueue() {
        BatchingSentenceEncoder batching = open(new FakeEncoder(0), 4, 0, 8, BatchObserver.NONE);

        assertThat(batching.encode(sentences("big", 30))).isDeepEqualTo(FakeEncoder.vectorsOf(sentences("big", 30)));
    }

    @Test
    void shouldAnswerALoneCallerAfterTheMaxWait() {
        BatchingSentenceEncoder batching = open(new FakeEncoder(0), 64, 20, 128, BatchObserver.NONE);

        long start = System.nanoTime();
        float[][] vectors = batching.encode(sentences("lone", 3));

        // The run waited out the max wait for company that never came, and no more than that: the bound only tells an
        // answer from a caller left waiting for a full batch, so it leaves room for a loaded machine.
        assertThat(vectors).isDeepEqualTo(FakeEncoder.vectorsOf(sentences("lone", 3)));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(20L, 30_000L);
    }

    @Test
    void shouldPassAnEncoderFailureToTheCallersOfThatRun() {
        FakeEncoder failing = new FakeEncoder(0) {
            @Override
            public float[][] encode(List<String> sentences) {
                if (sentences.contains("poison")) {
                    throw new IllegalStateException("cannot encode poison");
                }
                return super.encode(sentences);
            }
        };
        BatchingSentenceEncoder batching = open(failing, 8, 0, 64, BatchObserver.NONE);

        assertThatThrownBy(() -> batching.encode(List.of("fine", "poison")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot encode poison");
        assertThat(batching.encode(List.of("fine"))).isDeepEqualTo(FakeEncoder.vectorsOf(List.of("fine")));
    }

    @Test
    void shouldReturnNoVectorsForNoSentences() {
        BatchingSentenceEncoder batching = open(new FakeEncoder(0), 8, 0, 64, BatchObserver.NONE);

        assertThat(batching.encode(List.of())).isEmpty();
    }

    @Test
    void shouldRefuseWorkAfterClose() {
        BatchingSentenceEncoder batching = open(new FakeEncoder(0), 8, 0, 64, BatchObserver.NONE);
        batching.close();

        assertThatThrownBy(() -> batching.encode(List.of("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the batching encoder is closed");
    }

    @Test
    void shouldRejectSettingsThatCannotWork() {
        FakeEncoder fake = new FakeEncoder(0);

        assertThatThrownBy(() -> new BatchingSentenceEncoder(fake, 0, 5, 64, BatchObserver.NONE))
                .hasMessage("expected a max batch size of at least 1, found 0");
        assertThatThrownBy(() -> new BatchingSentenceEncoder(fake, 32, 5, 16, BatchObserver.NONE))
                .hasMessage("expected a queue capacity of at least the max batch size 32, found 16");
        assertThatThrownBy(() -> new BatchingSentenceEncoder(fake, 32, -1, 64, BatchObserver.NONE))
                .hasMessage("expected a max wait of at least 0 ms, found -1");
        assertThatThrownBy(() -> new BatchingSentenceEncoder(fake, 32, 5, 64, 0, BatchObserver.NONE))
                .hasMessage("expected at least one batching thread, found 0");
    }

    private BatchingSentenceEncoder open(
            SentenceEncoder delegate, int maxBatch, long maxWaitMillis, int capacity, BatchObserver observer) {
        BatchingSentenceEncoder batching =
                new BatchingSentenceEncoder(delegate, maxBatch, maxWaitMillis, capacity, observer);
        opened.add(batching);
        return batching;
    }

    private static List<String> sentences(String prefix, int count) {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sentences.add(prefix + " " + i);
        }
        return sentences;
    }

    private static void awaitDepth(BatchingSentenceEncoder batching, int depth) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (batching.depth() != depth) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("queue depth stayed " + batching.depth() + ", expected " + depth);
            }
            Thread.sleep(2);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each vector is a fixed function of its sentence alone, so any mix-up between callers shows. */
    static class FakeEncoder implements SentenceEncoder {

        private final long millisPerRun;

        FakeEncoder(long millisPerRun) {
            this.millisPerRun = millisPerRun;
        }

        static float[][] vectorsOf(List<String> sentences) {
            float[][] vectors = new float[sentences.size()][];
            for (int i = 0; i < vectors.length; i++) {
                String sentence = sentences.get(i);
                vectors[i] =
                        new float[] {sentence.hashCode(), sentence.length(), sentence.charAt(sentence.length() - 1)};
            }
            return vectors;
        }

        @Override
        public float[][] encode(List<String> sentences) {
            if (millisPerRun > 0) {
                try {
                    Thread.sleep(millisPerRun);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return vectorsOf(sentences);
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public String executionProvider() {
            return "FAKE";
        }

        @Override
        public void close() {}
    }
}
