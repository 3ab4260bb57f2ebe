package dev.attacktagger.ingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * Fetches a page or file from the web for a job or a feed, within limits: at most {@value #MAX_REDIRECTS} redirects,
 * each hop checked by the {@link UrlGuard} again; a connect timeout and a total time for the whole fetch, body
 * included; a size limit, checked against {@code Content-Length} and again while reading.
 */
public class GuardedFetcher {

    static final int MAX_REDIRECTS = 5;
    private static final Logger LOG = Logger.getLogger(GuardedFetcher.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fetch-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final UrlGuard guard;
    private final HttpClient client;
    private final Duration totalTime;
    private final long maxBytes;

    public GuardedFetcher(UrlGuard guard, Duration connectTimeout, Duration totalTime, long maxBytes) {
        this.guard = guard;
        this.totalTime = totalTime;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // Redirects are followed here, by hand, so that every hop passes the guard.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Checks a URL without fetching it, for an early answer to the caller. */
    public void check(URI uri) throws FetchException {
        guard.check(uri);
    }

    /**
     * Fetches {@code uri}.
     *
     * @throws FetchException {@code REFUSED} for a URL the guard refuses (at any hop), {@code TOO_LARGE} over the size
     *     limit, {@code FAILED} for network errors, timeouts, too many redirects and non-2xx answers
     */
    public FetchedResource fetch(URI uri) throws FetchException {
        long deadline = System.nanoTime() + totalTime.toNanos();
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            guard.check(current);
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw timedOut(uri);
            }
            HttpRequest request = HttpRequest.newBuilder(current)
                    .timeout(left)
                    .header("User-Agent", "attack-tagger-ingest/1.0")
                    .header("Accept", "*/*")
                    .GET()
                    .build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw timedOut(uri);
            } catch (IOException e) {
                throw new FetchException(FetchException.Kind.FAILED, "cannot fetch " + current + ": " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException(FetchException.Kind.FAILED, "interrupted while fetching " + current, e);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                closeQuietly(response.body());
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    throw new FetchException(
                            FetchException.Kind.FAILED, current + " answered " + status + " without a Location");
                }
                LOG.debugf("redirect %d from [%s] to [%s]", status, current, location);
                current = current.resolve(location.strip());
                continue;
            }
            if (status < 200 || status >= 300) {
                closeQuietly(response.body());
                throw new FetchException(FetchException.Kind.FAILED, current + " answered HTTP " + status);
            }
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                closeQuietly(response.body());
                throw tooLarge(current);
            }
            byte[] body = read(response.body(), deadline, current, uri);
            String type = response.headers()
                    .firstValue("Content-Type")
                    .map(value -> value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                    .filter(value -> !value.isEmpty())
                    .orElse(null);
            return new FetchedResource(current, type, body);
        }
        throw new FetchException(
                FetchException.Kind.FAILED, "more than " + MAX_REDIRECTS + " redirects fetching " + uri);
    }

    private byte[] read(InputStream body, long deadline, URI current, URI original) throws FetchException {
        AtomicBoolean expired = new AtomicBoolean();
        // A stalled server would block read() past the total time: closing the stream at the deadline ends it.
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    expired.set(true);
                    closeQuietly(body);
                },
                Math.max(1, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (out.size() > maxBytes) {
                    throw tooLarge(current);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (expired.get()) {
                throw timedOut(original);
            }
            throw new FetchException(FetchException.Kind.FAILED, "cannot read " + current + ": " + describe(e), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private FetchException tooLarge(URI uri) {
        return new FetchException(
                FetchException.Kind.TOO_LARGE, uri + " is larger than the limit of " + maxBytes + " bytes");
    }

    private FetchException timedOut(URI uri) {
        return new FetchException(
                FetchException.Kind.FAILED, "fetching " + uri + " took longer than " + totalTime.toSeconds() + " s");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.debugf("closing a response body failed: %s", e.getMessage());
        }
    }
}
