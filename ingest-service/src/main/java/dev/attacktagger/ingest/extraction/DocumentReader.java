package dev.attacktagger.ingest.extraction;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.attacktagger.classifier.text.ExtractedDocument;
import dev.attacktagger.classifier.text.ExtractionException;
import dev.attacktagger.ingest.entities.EntityExtractor;
import dev.attacktagger.ingest.entities.EntityMention;
import dev.attacktagger.ingest.entities.Indicator;
import dev.attacktagger.ingest.entities.IndicatorExtractor;
import dev.attacktagger.ingest.fetch.UrlGuard;
import dev.attacktagger.ingest.jobs.model.ReportDraft;

/**
 * Turns what a job holds into report drafts: a STIX bundle into one draft per report object, anything else into one
 * draft through the classifier's extractor; then finds the indicators and ATT&amp;CK entities of each text.
 */
public class DocumentReader {

    static final String STIX_MEDIA_TYPE = "application/stix+json";
    /** tag-service's limits on a report. */
    static final int MAX_TITLE = 1000;

    static final int MAX_URL = 4000;
    static final int MAX_INDICATORS = 10_000;
    static final int MAX_ENTITIES = 10_000;
    private static final int DERIVED_TITLE = 120;

    private final TextExtractor extractor;
    private final IndicatorExtractor indicators;
    private final EntityExtractor entities;

    public DocumentReader(TextExtractor extractor, IndicatorExtractor indicators, EntityExtractor entities) {
        this.extractor = extractor;
        this.indicators = indicators;
        this.entities = entities;
    }

    /** What the submitter said about the document; each may be null. */
    public record Metadata(String title, String source, String url, String publishedAt) {}

    /** The drafts of a document, and warnings about what could not be read. */
    public record Result(List<ReportDraft> reports, List<String> warnings) {}

    /**
     * Reads a document. Its title is the one given, else the document's own, else {@code fallbackTitle}, else the
     * start of its text.
     *
     * @param fallbackTitle a title when neither the submitter nor the document gives one (a file name), or null
     * @throws ExtractionException when the document yields no text at all
     */
    public Result read(byte[] bytes, String fileName, String mediaType, Metadata metadata, String fallbackTitle)
            throws ExtractionException {
        Optional<StixBundles.Bundle> bundle = StixBundles.parse(bytes);
        if (bundle.isPresent()) {
            return readBundle(bundle.get(), metadata);
        }
        ExtractedDocument document = extractor.extract(new ByteArrayInputStream(bytes), fileName, mediaType);
        String text = withoutNul(document.text());
        if (text == null || text.isBlank()) {
            throw new ExtractionException(ExtractionException.Reason.NO_TEXT, "the document contains no text");
        }
        String title = firstNonBlank(
                metadata.title(), document.title(), firstNonBlank(fallbackTitle, derivedTitle(text), null));
        ReportDraft draft = draft(
                title,
                text,
                document.language(),
                document.mediaType(),
                metadata.source(),
                metadata.url(),
                metadata.publishedAt(),
                List.of());
        List<String> warnings = document.warnings() == null ? List.of() : document.warnings();
        return new Result(List.of(draft), List.copyOf(warnings));
    }

    /** Reads plain text that was posted as such; the extractor still detects its language. */
    public Result readText(String text, Metadata metadata) throws ExtractionException {
        return read(text.getBytes(StandardCharsets.UTF_8), "text.txt", "text/plain; charset=UTF-8", metadata, null);
    }

    private Result readBundle(StixBundles.Bundle bundle, Metadata metadata) throws ExtractionException {
        if (bundle.reports().isEmpty()) {
            throw new ExtractionException(
                    ExtractionException.Reason.NO_TEXT,
                    bundle.warnings().isEmpty()
                            ? "the STIX bundle holds no report objects"
                            : "the STIX bundle holds no report with text: " + String.join("; ", bundle.warnings()));
        }
        List<ReportDraft> drafts = new ArrayList<>();
        List<String> warnings = new ArrayList<>(bundle.warnings());
        for (StixBundles.StixReport report : bundle.reports()) {
            String language = null;
            try {
                ExtractedDocument text = extractor.extract(
                        new ByteArrayInputStream(report.description().getBytes(StandardCharsets.UTF_8)),
                        "report.txt",
                        "text/plain; charset=UTF-8");
                language = text.language();
            } catch (ExtractionException e) {
                warnings.add("the language of STIX report \"" + report.name() + "\" is unknown: " + e.getMessage());
            }
            List<String> reportWarnings = new ArrayList<>(report.warnings());
            String url = report.url();
            if (url != null && url.length() > MAX_URL) {
                reportWarnings.add("the report's URL is longer than " + MAX_URL + " characters and was left out");
                url = null;
            } else if (url != null && !isWebUrl(url)) {
                // tag-service keeps absolute http(s) URLs only; it would refuse the whole report for this one field.
                reportWarnings.add(
                        "the report's URL \"" + url + "\" is not an absolute http or https URL and was left" + " out");
                url = null;
            }
            ReportDraft draft = draft(
                    firstNonBlank(report.name(), metadata.title(), "STIX report"),
                    report.description(),
                    language,
                    STIX_MEDIA_TYPE,
                    metadata.source(),
                    firstNonBlank(url, metadata.url(), null),
                    firstNonBlank(report.published(), metadata.publishedAt(), null),
                    report.techniqueIds());
            for (String warning : reportWarnings) {
                draft = draft.withWarning(warning);
            }
            drafts.add(draft);
        }
        return new Result(drafts, warnings);
    }

    private static boolean isWebUrl(String url) {
        try {
            return UrlGuard.isWebUrl(new URI(url.strip()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private ReportDraft draft(
            String title,
            String text,
            String language,
            String mediaType,
            String source,
            String url,
            String publishedAt,
            List<String> userTags) {
        String cleanText = withoutNul(text);
        String cleanTitle = withoutNul(title);
        List<Indicator> found = indicators.extract(cleanText);
        List<EntityMention> named = entities.extract(cleanText);
        return new ReportDraft(
                cleanTitle.length() > MAX_TITLE ? cleanTitle.substring(0, MAX_TITLE) : cleanTitle,
                cleanText,
                language,
                mediaType,
                source,
                withoutNul(url),
                publishedAt,
                userTags,
                found.size() > MAX_INDICATORS ? List.copyOf(found.subList(0, MAX_INDICATORS)) : found,
                named.size() > MAX_ENTITIES ? List.copyOf(named.subList(0, MAX_ENTITIES)) : named,
                null,
                null,
                List.of(),
                null);
    }

    /**
     * A document may hold NUL characters (binary leftovers in a text file, padding in a PDF); they carry no meaning, and
     * PostgreSQL refuses them in text, so they are removed.
     */
    static String withoutNul(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    }

    /** The first line of a text, cut at a word near {@value #DERIVED_TITLE} characters. */
    static String derivedTitle(String text) {
        String line = text.strip()
                .lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElse("")
                .strip();
        if (line.length() <= DERIVED_TITLE) {
            return line;
        }
        int cut = line.lastIndexOf(' ', DERIVED_TITLE);
        return line.substring(0, cut > DERIVED_TITLE / 2 ? cut : DERIVED_TITLE) + "...";
    }

    private static String firstNonBlank(String first, String second, String third) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        if (second != null && !second.isBlank()) {
            return second;
        }
        return third;
    }
}
