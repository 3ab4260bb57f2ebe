package dev.attacktagger.classify.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import dev.attacktagger.classifier.SentenceEncoder;

/**
 * A {@link SentenceEncoder} that gathers the sentences of concurrent callers into shared runs of the encoder it wraps.
 *
 * <p>Each caller's sentences join one first-in, first-out queue; a batching thread takes up to {@code
 * maxBatchSize} sentences at a time, from one caller or several, once the batch is full or the oldest queued sentence
 * has waited {@code maxWait}. Every caller blocks until all of its sentences are encoded and gets its own vectors back,
 * in its own order.
 *
 * <p>The queue is bounded in sentences: a caller whose sentences would push it past {@code capacity} is refused with
 * {@link QueueFullException} at once, so memory never grows with load. A caller with more sentences than the whole
 * capacity is let into an empty queue only: its text has already passed the service's size limit, and refusing it
 * always would make such a document impossible to classify. Under steady load it is therefore refused until the queue
 * drains; whether it should instead be admitted in slices, holding its place, is an open question.
 *
 * <p>The wrapped encoder is not owned: {@link #close()} stops the batching thread and fails whatever is still queued,
 * and leaves the wrapped encoder open.
 */
public final class BatchingSentenceEncoder implements SentenceEncoder {

    private static final Logger LOG = Logger.getLogger(BatchingSentenceEncoder.class);

    private final SentenceEncoder delegate;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final int capacity;
    private final BatchObserver observer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private int depth;
    private boolean closed;

    /**
     * Starts the batching thread.
     *
     * @param delegate the encoder that runs the shared batches; must be safe to call from the batching thread
     * @param maxBatchSize the most sentences in one run, at least 1
     * @param maxWaitMillis how long the oldest queued sentence may wait for the batch to fill, at least 0
     * @param capacity the most sentences the queue holds, at least {@code maxBatchSize}
     * @param observer told about every run
     */
    public BatchingSentenceEncoder(
            SentenceEncoder delegate, int maxBatchSize, long maxWaitMillis, int capacity, BatchObserver observer) {
        this(delegate, maxBatchSize, maxWaitMillis, capacity, 1, observer);
    }

    /**
     * Starts {@code workers} batching threads that take batches off the one queue and run them at the same time: on a
     * CPU one run rarely keeps every core busy, so two overlapping runs finish more sentences per second.
     *
     * @param workers how many encoder runs may be in flight at once, at least 1
     */
    public BatchingSentenceEncoder(
            SentenceEncoder delegate,
            int maxBatchSize,
            long maxWaitMillis,
            int capacity,
            int workers,
            BatchObserver observer) {
        if (workers < 1) {
            throw new IllegalArgumentException("expected at least one batching thread, found " + workers);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("expected a max batch size of at least 1, found " + maxBatchSize);
        }
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("expected a max wait of at least 0 ms, found " + maxWaitMillis);
        }
        if (capacity < maxBatchSize) {
            throw new IllegalArgumentException(
                    "expected a queue capacity of at least the max batch size " + maxBatchSize + ", found " + capacity);
        }
        this.delegate = delegate;
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.capacity = capacity;
        this.observer = observer;
        for (int i = 0; i < workers; i++) {
            Thread worker = new Thread(this::runBatches, "sentence-batcher-" + i);
            worker.setDaemon(true);
            worker.start();
            this.workers.add(worker);
        }
    }

    /**
     * Encodes the caller's sentences in shared runs and waits for them.
     *
     * @throws QueueFullException when the queue cannot take the sentences now
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public float[][] encode(List<String> sentences) {
        if (sentences.isEmpty()) {
            return new float[0][];
        }
        Request request = new Request(List.copyOf(sentences));
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the batching encoder is closed");
            }
            int count = request.sentences.size();
            if (depth > 0 && depth + count > capacity) {
                throw new QueueFullException(depth, capacity, count);
            }
            queue.addLast(request);
            depth += count;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return await(request);
    }

    private static float[][] await(Request request) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return request.done.get();
                } catch (InterruptedException e) {
                    // The batching thread will still fill this request; leaving early would only waste its work.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(
                            "encoding failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sentences queued and not yet taken into a run. */
    public int depth() {
        lock.lock();
        try {
            return depth;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String executionProvider() {
        return delegate.executionProvider();
    }

    /** Stops the batching thread and fails every queued caller; the wrapped encoder stays open. */
    @Override
    public void close() {
        List<Request> abandoned;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            abandoned = new ArrayList<>(queue);
            queue.clear();
            depth = 0;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        for (Request request : abandoned) {
            request.done.completeExceptionally(new IllegalStateException("the batching encoder was closed"));
        }
        try {
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runBatches() {
        while (true) {
            List<Slice> batch = nextBatch();
            if (batch == null) {
                return;
            }
            if (!batch.isEmpty()) {
                run(batch);
            }
        }
    }

    /** Waits for a full batch or for the oldest sentence's wait to run out; null once closed. */
    private List<Slice> nextBatch() {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                if (queue.isEmpty()) {
                    arrived.awaitUninterruptibly();
                    continue;
                }
                long waited = System.nanoTime() - queue.peekFirst().queuedAt;
                if (depth >= maxBatchSize || waited >= maxWaitNanos) {
                    return take();
                }
                try {
                    arrived.awaitNanos(maxWaitNanos - waited);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes up to a batch of sentences off the head of the queue; the caller holds the lock. */
    private List<Slice> take() {
        List<Slice> slices = new ArrayList<>();
        int room = maxBatchSize;
        while (room > 0 && !queue.isEmpty()) {
            Request head = queue.peekFirst();
            if (head.done.isDone()) {
                // An earlier run of this caller failed: its other sentences are not worth encoding.
                depth -= head.sentences.size() - head.taken;
                queue.pollFirst();
                continue;
            }
            int from = head.taken;
            int to = Math.min(head.sentences.size(), from + room);
            slices.add(new Slice(head, from, to));
            head.taken = to;
            room -= to - from;
            depth -= to - from;
            if (to == head.sentences.size()) {
                queue.pollFirst();
            }
        }
        return slices;
    }

    private void run(List<Slice> batch) {
        List<String> sentences = new ArrayList<>(maxBatchSize);
        Set<Request> callers = new HashSet<>();
        for (Slice slice : batch) {
            sentences.addAll(slice.request.sentences.subList(slice.from, slice.to));
            callers.add(slice.request);
        }
        long start = System.nanoTime();
        float[][] vectors;
        try {
            vectors = delegate.encode(sentences);
            if (vectors.length != sentences.size()) {
                throw new IllegalStateException(
                        "expected " + sentences.size() + " vectors from the encoder, found " + vectors.length);
            }
        } catch (RuntimeException | Error e) {
            LOG.debugf(e, "shared encoder run of %d sentences failed", sentences.size());
            for (Request request : callers) {
                request.done.completeExceptionally(e);
            }
            return;
        }
        observer.batchRan(sentences.size(), callers.size(), System.nanoTime() - start);
        int offset = 0;
        for (Slice slice : batch) {
            int length = slice.to - slice.from;
            System.arraycopy(vectors, offset, slice.request.vectors, slice.from, length);
            offset += length;
            if (slice.request.remaining.addAndGet(-length) == 0) {
                slice.request.done.complete(slice.request.vectors);
            }
        }
    }

    /** One caller's sentences and where their vectors go. */
    private static final class Request {
        final List<String> sentences;
        final float[][] vectors;
        final AtomicInteger remaining;
        final CompletableFuture<float[][]> done = new CompletableFuture<>();
        final long queuedAt = System.nanoTime();
        /** How many of its sentences the batching thread has taken; guarded by the queue's lock. */
        int taken;

        Request(List<String> sentences) {
            this.sentences = sentences;
            this.vectors = new float[sentences.size()][];
            this.remaining = new AtomicInteger(sentences.size());
        }
    }

    private record Slice(Request request, int from, int to) {}
}
