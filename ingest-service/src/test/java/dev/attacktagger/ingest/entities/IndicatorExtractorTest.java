package dev.attacktagger.ingest.entities;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class IndicatorExtractorTest {

    private final IndicatorExtractor extractor = new IndicatorExtractor();

    private List<Indicator> found(String text) {
        return extractor.extract(text);
    }

    @Test
    void shouldFindEveryKindOfIndicatorInOrderOfAppearance() {
        String text = "The loader beaconed to 203.0.113.7 and 2001:db8:85a3::8a2e:370:7334, fetched"
                + " https://files.example.com/a/b.bin from update-check.net, dropped a file with MD5"
                + " 9e107d9d372bb6826bd81d3542a419d6, SHA-1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 and SHA-256"
                + " d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592, exploited CVE-2021-44228 and"
                + " mailed ops@mail-relay.org.";

        assertThat(found(text))
                .containsExactly(
                        new Indicator("ipv4", "203.0.113.7"),
                        new Indicator("ipv6", "2001:db8:85a3::8a2e:370:7334"),
                        new Indicator("url", "https://files.example.com/a/b.bin"),
                        new Indicator("domain", "update-check.net"),
                        new Indicator("md5", "9e107d9d372bb6826bd81d3542a419d6"),
                        new Indicator("sha1", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
                        new Indicator("sha256", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
                        new Indicator("cve", "CVE-2021-44228"),
                        new Indicator("email", "ops@mail-relay.org"));
    }

    @Test
    void shouldRefangDefangedIndicators() {
        String text = "C2: hxxp://bad-domain[.]com/gate.php and hxxps[:]//cdn(.)bad-host[.]ru/x, also"
                + " 198.51.100[.]23, contact admin[at]bad-domain[.]com or root[@]evil-mail[.]net, and"
                + " the bare domain stage2[.]example[.]org.";

        assertThat(found(text))
                .containsExactly(
                        new Indicator("url", "http://bad-domain.com/gate.php"),
                        new Indicator("url", "https://cdn.bad-host.ru/x"),
                        new Indicator("ipv4", "198.51.100.23"),
                        new Indicator("email", "admin@bad-domain.com"),
                        new Indicator("email", "root@evil-mail.net"),
                        new Indicator("domain", "stage2.example.org"));
    }

    @Test
    void shouldRefangTheTextItselfOnlyInACopy() {
        String text = "hxxp://bad-domain[.]com";

        assertThat(IndicatorExtractor.refang(text)).isEqualTo("http://bad-domain.com");
        assertThat(text).isEqualTo("hxxp://bad-domain[.]com");
    }

    @Test
    void shouldNotTakeFileNamesForDomains() {
        assertThat(found("It ran cmd.exe, rundll32.exe, payload.dll, setup.py, run.sh, notes.md, invoice.pdf,"
                        + " archive.zip and report.docx."))
                .isEmpty();
    }

    @Test
    void shouldNotTakeProductNamesWithCapitalTopLevelDomainsForDomains() {
        assertThat(found("Built with ASP.NET and Node.JS.")).isEmpty();
    }

    @Test
    void shouldNotTakeVersionNumbersForAddresses() {
        assertThat(found("Version 10.0.19041.1 of the agent, build 1.2.3, release 4.5.6.7.8 and 300.1.1.1."))
                .isEmpty();
    }

    @Test
    void shouldTakeAValidDottedQuadEvenInAVersionSentence() {
        assertThat(found("version 1.2.3.4")).containsExactly(new Indicator("ipv4", "1.2.3.4"));
    }

    @Test
    void shouldRejectAddressesWithLeadingZerosOrOutOfRangeParts() {
        assertThat(found("01.2.3.4 and 256.1.1.1 and 10.0.0.256")).isEmpty();
    }

    @Test
    void shouldNotTakeTimesOrRatiosForIpv6() {
        assertThat(found("At 12:30:45 the ratio was 3:1:2 and the field a:b:c was set."))
                .isEmpty();
    }

    @Test
    void shouldValidateIpv6Strictly() {
        assertThat(IndicatorExtractor.isIpv6("fe80::1")).isTrue();
        assertThat(IndicatorExtractor.isIpv6("::1")).isTrue();
        assertThat(IndicatorExtractor.isIpv6("2001:db8:0:0:0:0:2:1")).isTrue();
        assertThat(IndicatorExtractor.isIpv6("::ffff:192.0.2.128")).isTrue();
        assertThat(IndicatorExtractor.isIpv6("2001:db8::1::2")).isFalse();
        assertThat(IndicatorExtractor.isIpv6("12345::1")).isFalse();
        assertThat(IndicatorExtractor.isIpv6("1:2:3")).isFalse();
        assertThat(IndicatorExtractor.isIpv6("::")).isFalse();
    }

    @Test
    void shouldNotReportTheHostOfAUrlOrAnEmailAgain() {
        assertThat(found("See http://203.0.113.9/login and https://portal.example.com/x and a@portal.example.com"))
                .containsExactly(
                        new Indicator("url", "http://203.0.113.9/login"),
                        new Indicator("url", "https://portal.example.com/x"),
                        new Indicator("email", "a@portal.example.com"));
    }

    @Test
    void shouldTrimSentencePunctuationFromUrls() {
        assertThat(found("Downloaded from https://example.com/p?q=1. Then (see https://example.org/a_(b)) it ran."))
                .containsExactly(
                        new Indicator("url", "https://example.com/p?q=1"),
                        new Indicator("url", "https://example.org/a_(b)"));
    }

    @Test
    void shouldNotTakeLongerHexRunsForHashes() {
        String sixtyFive = "a".repeat(65);
        String thirtyThree = "b".repeat(33);

        assertThat(found(sixtyFive + " " + thirtyThree)).isEmpty();
    }

    @Test
    void shouldListEachIndicatorOnceInCanonicalCase() {
        assertThat(
                        found(
                                "cve-2020-0601 and CVE-2020-0601, EVIL-SITE.com and evil-site.com, 9E107D9D372BB6826BD81D3542A419D6"))
                .containsExactly(
                        new Indicator("cve", "CVE-2020-0601"),
                        new Indicator("domain", "evil-site.com"),
                        new Indicator("md5", "9e107d9d372bb6826bd81d3542a419d6"));
    }

    @Test
    void shouldLeaveOutUrlsLongerThanTagServiceTakes() {
        assertThat(found("see https://example.com/" + "a".repeat(2100))).isEmpty();
    }

    @Test
    void shouldFindNothingInEmptyText() {
        assertThat(found(null)).isEmpty();
        assertThat(found("  ")).isEmpty();
    }
}
