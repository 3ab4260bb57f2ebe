package dev.attacktagger.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlGuardTest {

    private final UrlGuard guard = new UrlGuard(List.of());

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1/, 127.0.0.1 is a loopback address",
        "http://10.1.2.3/, 10.1.2.3 is a private address",
        "http://172.20.0.1/, 172.20.0.1 is a private address",
        "http://192.168.1.1/, 192.168.1.1 is a private address",
        "http://169.254.169.254/latest/, 169.254.169.254 is a link-local (cloud metadata) address",
        "http://100.64.0.7/, 100.64.0.7 is a carrier-grade NAT address",
        "http://0.0.0.0/, 0.0.0.0 is a \"this network\" address",
        "http://[::1]/, 0:0:0:0:0:0:0:1 is a loopback address",
        "http://[fd00:ec2::254]/, fd00:ec2:0:0:0:0:0:254 is a unique-local (includes the fd00:ec2::254 cloud metadata address) address",
        "http://[fe80::1]/, fe80:0:0:0:0:0:0:1 is a link-local address",
        "http://[::ffff:10.0.0.1]/, 10.0.0.1 is a private address",
        "http://224.0.0.1/, 224.0.0.1 is a multicast address"
    })
    void shouldRefuseInternalAddresses(String url, String why) {
        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(FetchException.class)
                .hasMessageEndingWith(why)
                .extracting(e -> ((FetchException) e).kind())
                .isEqualTo(FetchException.Kind.REFUSED);
    }

    /** None of these is looked up or connected to: the guard refuses them by their form alone. */
    @ParameterizedTest
    @CsvSource({
        "http://0177.0.0.1/, 0177.0.0.1",
        "http://127.0.0.01/, 127.0.0.01",
        "http://127.1/, 127.1",
        "http://0x7f.0.0.1/, 0x7f.0.0.1",
        "http://0x7f000001/, 0x7f000001",
        "http://2130706433/, 2130706433",
        "http://017700000001:8080/, 017700000001",
        "http://user@127.0.0.1./, 127.0.0.1.",
        "http://1.2.3.4.5/, 1.2.3.4.5",
        "http://256.0.0.1/, 256.0.0.1"
    })
    void shouldRefuseIpv4AddressesNotWrittenInCanonicalDottedDecimal(String url, String host) {
        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(FetchException.class)
                .hasMessageStartingWith(
                        "refused to fetch " + url + ": the host " + host + " is an ambiguous IPv4 address")
                .extracting(e -> ((FetchException) e).kind())
                .isEqualTo(FetchException.Kind.REFUSED);
    }

    @Test
    void shouldNotTakeHostNamesWithDigitsForAddresses() {
        assertThat(UrlGuard.ambiguousAddress(URI.create("http://1e100.net/"))).isEmpty();
        assertThat(UrlGuard.ambiguousAddress(URI.create("http://0x7f.example/")))
                .isEmpty();
        assertThat(UrlGuard.ambiguousAddress(URI.create("http://203.0.113.10:8443/")))
                .isEmpty();
        assertThat(UrlGuard.ambiguousAddress(URI.create("http://[::ffff:127.0.0.1]/")))
                .isEmpty();
    }

    @Test
    void shouldRefuseAHostNameThatResolvesToLoopback() {
        assertThatThrownBy(() -> guard.check(URI.create("http://localhost:8080/admin")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("(localhost resolves to it) is a loopback address");
    }

    @Test
    void shouldRefuseOtherSchemes() {
        assertThatThrownBy(() -> guard.check(URI.create("file:///etc/passwd")))
                .hasMessage("only http and https URLs are fetched, not file:");
        assertThatThrownBy(() -> guard.check(URI.create("gopher://example.com/")))
                .hasMessage("only http and https URLs are fetched, not gopher:");
    }

    @Test
    void shouldAllowPublicAddresses() throws FetchException {
        guard.check(URI.create("https://203.0.113.10/report"));
        guard.check(URI.create("http://[2606:4700::1111]/"));
    }

    @Test
    void shouldLetTheAllowlistPermitRangesAndHosts() throws FetchException {
        UrlGuard allowing = new UrlGuard(List.of("127.0.0.1", "10.20.0.0/16", "localhost"));

        allowing.check(URI.create("http://127.0.0.1:9000/feed.xml"));
        allowing.check(URI.create("http://10.20.5.6/"));
        allowing.check(URI.create("http://localhost/"));
        assertThatThrownBy(() -> allowing.check(URI.create("http://10.21.0.1/")))
                .hasMessageEndingWith("10.21.0.1 is a private address");
        assertThatThrownBy(() -> allowing.check(URI.create("http://127.0.0.2/")))
                .hasMessageEndingWith("127.0.0.2 is a loopback address");
    }

    @Test
    void shouldNameTheRangeOfEveryForbiddenAddress() throws UnknownHostException {
        assertThat(UrlGuard.forbiddenRange(InetAddress.getByName("255.255.255.255")))
                .contains("broadcast");
        assertThat(UrlGuard.forbiddenRange(InetAddress.getByName("198.18.0.1"))).contains("benchmarking");
        assertThat(UrlGuard.forbiddenRange(InetAddress.getByName("8.8.8.8"))).isEmpty();
    }
}
