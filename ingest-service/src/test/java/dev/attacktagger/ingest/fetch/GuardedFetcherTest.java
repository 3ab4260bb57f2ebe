package dev.attacktagger.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.attacktagger.ingest.testing.TestSite;

class GuardedFetcherTest {

    private static TestSite site;
    /** Time enough for any page of the test site, even on a loaded build machine. */
    private final GuardedFetcher fetcher = new GuardedFetcher(
            new UrlGuard(List.of("127.0.0.1")), Duration.ofSeconds(30), Duration.ofSeconds(30), 1000);
    /** Gives up after 2 s, far sooner than the stalled page answers. */
    private final GuardedFetcher hasty =
            new GuardedFetcher(new UrlGuard(List.of("127.0.0.1")), Duration.ofSeconds(2), Duration.ofSeconds(2), 1000);

    @BeforeAll
    static void start() {
        site = new TestSite()
                .serve("/page", "text/html; charset=utf-8", "<p>hello</p>")
                .serve("/big", "text/plain", "x".repeat(1001))
                .redirect("/hop1", "/hop2")
                .redirect("/hop2", "/page")
                .redirect("/away", "http://192.168.0.10/secret")
                .redirect("/loop", "/loop")
                .stall("/slow", 30_000);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @Test
    void shouldFetchAPageWithItsContentType() throws FetchException {
        FetchedResource page = fetcher.fetch(URI.create(site.url("/page")));

        assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<p>hello</p>");
        assertThat(page.contentType()).isEqualTo("text/html");
        assertThat(page.fileName()).isEqualTo("page");
    }

    @Test
    void shouldFollowRedirects() throws FetchException {
        FetchedResource page = fetcher.fetch(URI.create(site.url("/hop1")));

        assertThat(page.uri()).isEqualTo(URI.create(site.url("/page")));
    }

    @Test
    void shouldCheckEveryHopOfARedirect() {
        assertThatThrownBy(() -> fetcher.fetch(URI.create(site.url("/away"))))
                .isInstanceOf(FetchException.class)
                .hasMessage("refused to fetch http://192.168.0.10/secret: 192.168.0.10 is a private address");
    }

    @Test
    void shouldStopAfterFiveRedirects() {
        int before = site.hits("/loop");

        assertThatThrownBy(() -> fetcher.fetch(URI.create(site.url("/loop"))))
                .hasMessage("more than 5 redirects fetching " + site.url("/loop"));
        assertThat(site.hits("/loop") - before).isEqualTo(6);
    }

    @Test
    void shouldRefuseABodyOverTheSizeLimit() {
        assertThatThrownBy(() -> fetcher.fetch(URI.create(site.url("/big"))))
                .isInstanceOf(FetchException.class)
                .hasMessage(site.url("/big") + " is larger than the limit of 1000 bytes")
                .extracting(e -> ((FetchException) e).kind())
                .isEqualTo(FetchException.Kind.TOO_LARGE);
    }

    @Test
    void shouldGiveUpOnASlowServerAfterTheTotalTime() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> hasty.fetch(URI.create(site.url("/slow"))))
                .hasMessage("fetching " + site.url("/slow") + " took longer than 2 s");
        // Well before the page would have answered; the margin is for a loaded build machine.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldReportAnErrorStatus() {
        assertThatThrownBy(() -> fetcher.fetch(URI.create(site.url("/missing"))))
                .hasMessage(site.url("/missing") + " answered HTTP 404");
    }
}
