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
    void shouldLeaveOutAStixDateThatIsNotOneAndSayWhyOnTheReport() throws ExtractionException {
        String bundle = """
                {"type": "bundle", "id": "bundle--3", "objects": [
                  {"type": "report", "id": "report--1", "name": "Ten characters", "published": "2024-99-99",
                   "description": "A date of the right length that is none."},
                  {"type": "report", "id": "report--2", "name": "No zone", "published": "2024-05-01T10:00:00",
                   "description": "A timestamp without a zone."},
                  {"type": "report", "id": "report--3", "name": "Too old", "published": "1800-01-01T00:00:00Z",
                   "description": "A date before the years that are stored."},
                  {"type": "report", "id": "report--4", "name": "Script link", "description": "A link that is no page.",
                   "external_references": [{"source_name": "vendor", "url": "javascript:alert(1)"}]}
                ]}""";

        DocumentReader.Result result =
                reader.read(bundle.getBytes(StandardCharsets.UTF_8), "b.json", "application/json", NONE, null);

        assertThat(result.reports().get(0).publishedAt()).isNull();
        assertThat(result.reports().get(0).warnings())
                .containsExactly(
                        "the report's published date \"2024-99-99\" is not an ISO-8601 timestamp and was left out");
        assertThat(result.reports().get(1).publishedAt()).isEqualTo("2024-05-01");
        assertThat(result.reports().get(1).warnings()).isEmpty();
        assertThat(result.reports().get(2).publishedAt()).isNull();
        assertThat(result.reports().get(2).warnings())
                .containsExactly("the report's published date \"1800-01-01T00:00:00Z\" is not a date in the years 1900"
                        + " to 2200 and was left out");
        assertThat(result.reports().get(3).url()).isNull();
        assertThat(result.reports().get(3).warnings())
                .containsExactly("the report's URL \"javascript:alert(1)\" is not an absolute http or https URL and was"
                        + " left out");
    }

    @Test
    void shouldRemoveNulCharactersFromTextAndTitles() throws ExtractionException {
        String bundle = """
                {"type": "bundle", "id": "bundle--4", "objects": [
                  {"type": "report", "id": "report--1", "name": "Nul\\u0000name", "description": "Nul\\u0000text."}
                ]}""";

        ReportDraft report = reader.read(bundle.getBytes(StandardCharsets.UTF_8), "b.json", null, NONE, null)
                .reports()
                .get(0);

        assertThat(report.title()).isEqualTo("Nulname");
        assertThat(report.text()).isEqualTo("Nultext.");
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
