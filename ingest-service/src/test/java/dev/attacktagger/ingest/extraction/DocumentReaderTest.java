package dev.attacktagger.ingest.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.attacktagger.classifier.text.ExtractionException;
import dev.attacktagger.ingest.entities.Indicator;
import dev.attacktagger.ingest.jobs.model.ReportDraft;
import dev.attacktagger.ingest.testing.Fixtures;
import dev.attacktagger.ingest.testing.Pipelines;

class DocumentReaderTest {

    private static final DocumentReader.Metadata NONE = new DocumentReader.Metadata(null, null, null, null);

    private final DocumentReader reader = Pipelines.reader();

    @Test
    void shouldTitleTextWithoutATitleByItsFirstLine() throws ExtractionException {
        DocumentReader.Result result =
                reader.readText("Overnight intrusion at a utility\n\nThe actor used PowerShell.", NONE);

        assertThat(result.reports().get(0).title()).isEqualTo("Overnight intrusion at a utility");
    }

    @Test
    void shouldCutALongFirstLineAtAWord() {
        String line = "word ".repeat(40).strip();

        assertThat(DocumentReader.derivedTitle(line))
                .isEqualTo("word ".repeat(24).strip() + "...");
    }

    @Test
    void shouldPreferTheSubmittedTitleThenTheDocumentsThenTheFileName() throws ExtractionException {
        byte[] html = "<html><head><title>Own title</title></head><body><p>Body text here.</p></body></html>"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(reader.read(
                                html,
                                "a.html",
                                "text/html",
                                new DocumentReader.Metadata("Given", null, null, null),
                                "a.html")
                        .reports()
                        .get(0)
                        .title())
                .isEqualTo("Given");
        assertThat(reader.read(html, "a.html", "text/html", NONE, "a.html")
                        .reports()
                        .get(0)
                        .title())
                .isEqualTo("Own title");
        assertThat(reader.read("Plain words.".getBytes(StandardCharsets.UTF_8), "b.txt", "text/plain", NONE, "b.txt")
                        .reports()
                        .get(0)
                        .title())
                .isEqualTo("b.txt");
    }

    @Test
    void shouldReadEachStixReportWithItsMappingAndIndicators() throws ExtractionException {
        String bundle = Fixtures.stixBundle("Wave", "Mail from hxxp://lure[.]example[.]com led to a scheduled task.");

        DocumentReader.Result result =
                reader.read(bundle.getBytes(StandardCharsets.UTF_8), "b.json", "application/json", NONE, "b.json");

        ReportDraft report = result.reports().get(0);
        assertThat(report.title()).isEqualTo("Wave");
        assertThat(report.mediaType()).isEqualTo("application/stix+json");
        assertThat(report.userTags()).containsExactly("T1566.001", "T1053.005");
        assertThat(report.publishedAt()).isEqualTo("2024-05-01");
        assertThat(report.indicators()).containsExactly(new Indicator("url", "http://lure.example.com"));
        assertThat(report.language()).isEqualTo("en");
    }

    @Test
    void shouldFailABundleWithoutReports() {
        byte[] bundle =
                "{\"type\": \"bundle\", \"id\": \"bundle--2\", \"objects\": []}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.read(bundle, "b.json", "application/json", NONE, null))
                .isInstanceOf(ExtractionException.class)
                .hasMessage("the STIX bundle holds no report objects");
    }

    @Test
    void shouldNotTakeOtherJsonForABundle() {
        assertThat(StixBundles.parse("{\"type\": \"report\"}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(StixBundles.parse("[1, 2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(StixBundles.parse("{broken".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(StixBundles.looksLikeJson("\uFEFF  {}".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }
}
