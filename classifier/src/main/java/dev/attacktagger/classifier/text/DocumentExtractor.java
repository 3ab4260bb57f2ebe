package dev.attacktagger.classifier.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.UnsupportedFormatException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.jsoup.Jsoup;
import org.xml.sax.SAXException;

import dev.attacktagger.classifier.text.ExtractionException.Reason;

/**
 * Reads a document (PDF, Word, RTF, HTML, Markdown, plain text, and whatever else Apache Tika reads) and returns its
 * cleaned text, ready for the sentence splitter and the classifier.
 *
 * <p>PDFs are read page by page with PDFBox, so a page that fails is reported as a warning and the others are kept;
 * repeated page headers and footers are removed and words hyphenated across lines are joined. HTML is read with jsoup
 * and loses navigation, banners and link lists. Plain text and Markdown are decoded with charset detection. Every
 * other format goes through Tika's {@link AutoDetectParser}. All text is normalised by {@link TextCleaner#normalize}.
 *
 * <p>One instance can serve many threads: it holds one parser and one detector, both thread-safe, and keeps no state
 * between calls.
 */
public final class DocumentExtractor {

    private static final Set<String> HTML_TYPES =
            Set.of("text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml");
    private static final Set<String> MARKDOWN_TYPES = Set.of("text/x-web-markdown", "text/markdown");

    /**
     * The most a ZIP container's entries may inflate to, in all. Office documents are compressed XML and images; a
     * real report that inflates to more than this is not one this product has met.
     */
    static final long MAX_EXPANDED_BYTES = 256L * 1024 * 1024;

    private final Limits limits;
    private final AutoDetectParser parser;
    private final Detector detector;
    private final EncodingDetector encodingDetector;

    /**
     * Limits that stop oversized and malicious files.
     *
     * @param maxBytes the largest file read, in bytes
     * @param maxCharacters the longest text extracted, in characters
     * @param maxNestingDepth how deep documents may nest inside each other (a file in a ZIP is depth 1)
     * @param maxEmbeddedDocuments how many embedded documents and archive entries are read in all
     */
    public record Limits(long maxBytes, int maxCharacters, int maxNestingDepth, int maxEmbeddedDocuments) {

        /** 50 MB, 5 million characters, nesting depth 4, 500 embedded documents. */
        public static final Limits DEFAULT = new Limits(50L * 1024 * 1024, 5_000_000, 4, 500);

        public Limits {
            if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maxBytes must be between 1 and 2 GB, was " + maxBytes);
            }
            if (maxCharacters < 1) {
                throw new IllegalArgumentException("maxCharacters must be positive, was " + maxCharacters);
            }
            if (maxNestingDepth < 0) {
                throw new IllegalArgumentException("maxNestingDepth must not be negative, was " + maxNestingDepth);
            }
            if (maxEmbeddedDocuments < 0) {
                throw new IllegalArgumentException(
                        "maxEmbeddedDocuments must not be negative, was " + maxEmbeddedDocuments);
            }
        }
    }

    /** An extractor with the default limits. */
    public DocumentExtractor() {
        this(Limits.DEFAULT);
    }

    public DocumentExtractor(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        TikaConfig config = TikaConfig.getDefaultConfig();
        this.parser = new AutoDetectParser(config);
        this.detector = parser.getDetector();
        this.encodingDetector = config.getEncodingDetector();
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Extracts the text of a file.
     *
     * @param file the file; its name helps to detect the format
     * @throws ExtractionException when the file has no usable text: empty, no text layer, encrypted, unsupported,
     *     over a limit or corrupt
     * @throws IOException when the file cannot be read
     */
    public ExtractedDocument extract(Path file) throws IOException, ExtractionException {
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            throw tooManyBytes();
        }
        Path name = file.getFileName();
        try (InputStream in = Files.newInputStream(file)) {
            return extract(in, name == null ? null : name.toString(), null);
        }
    }

    /**
     * Extracts the text of a document read from a stream. The stream is read to its end (or to the byte limit) and
     * not closed.
     *
     * @param in the document's bytes
     * @param fileName the document's file name, or null; its extension helps to detect the format
     * @param declaredMediaType the media type the sender declared, or null; a hint only, the content decides
     * @throws ExtractionException when the document has no usable text: empty, no text layer, encrypted, unsupported,
     *     over a limit or corrupt
     * @throws IOException when the stream cannot be read
     */
    public ExtractedDocument extract(InputStream in, String fileName, String declaredMediaType)
            throws IOException, ExtractionException {
        Objects.requireNonNull(in, "in");
        byte[] bytes = in.readNBytes((int) limits.maxBytes() + 1);
        if (bytes.length > limits.maxBytes()) {
            throw tooManyBytes();
        }
        if (bytes.length == 0) {
            throw new ExtractionException(Reason.EMPTY, "the file is empty");
        }
        String type = detect(bytes, fileName, declaredMediaType);
        List<String> warnings = new ArrayList<>();
        Raw raw;
        if (type.equals("application/pdf")) {
            raw = readPdf(bytes, warnings);
        } else if (HTML_TYPES.contains(type)) {
            raw = readHtml(bytes);
        } else if (type.equals("text/plain") || MARKDOWN_TYPES.contains(type)) {
            raw = readText(bytes, type, fileName);
        } else {
            raw = readWithTika(bytes, type, fileName);
        }
        if (raw.text.length() > limits.maxCharacters()) {
            throw tooManyCharacters();
        }
        if (raw.text.isEmpty()) {
            throw noText(type);
        }
        return new ExtractedDocument(raw.text, type, raw.title, LanguageGuesser.guess(raw.text), List.copyOf(warnings));
    }

    /** Extracted text and title before the document is assembled. */
    private record Raw(String text, String title) {}

    private String detect(byte[] bytes, String fileName, String declaredMediaType) throws IOException {
        Metadata metadata = new Metadata();
        if (fileName != null && !fileName.isBlank()) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        if (declaredMediaType != null && !declaredMediaType.isBlank()) {
            metadata.set(Metadata.CONTENT_TYPE, declaredMediaType);
        }
        try (TikaInputStream stream = TikaInputStream.get(bytes)) {
            return detector.detect(stream, metadata).getBaseType().toString();
        }
    }

    // ---- PDF ----

    /** Reads one page's text; page numbers start at 1. */
    @FunctionalInterface
    interface PageReader {
        String read(int page) throws IOException;
    }

    private Raw readPdf(byte[] bytes, List<String> warnings) throws ExtractionException {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            String text = pdfText(
                    document.getNumberOfPages(),
                    page -> {
                        stripper.setStartPage(page);
                        stripper.setEndPage(page);
                        return stripper.getText(document);
                    },
                    warnings,
                    limits.maxCharacters());
            if (text.isEmpty()) {
                throw new ExtractionException(Reason.NO_TEXT, "no text: the PDF has no text layer (scanned image?)");
            }
            String title = document.getDocumentInformation().getTitle();
            return new Raw(text, title == null || title.isBlank() ? null : title.strip());
        } catch (InvalidPasswordException e) {
            throw new ExtractionException(
                    Reason.ENCRYPTED,
                    "the PDF is encrypted (password protected); remove the password and send it again",
                    e);
        } catch (IOException | RuntimeException e) {
            // PDFBox reports most damage as IOException, but some malformed structures surface as runtime exceptions.
            throw new ExtractionException(
                    Reason.CORRUPT, "the PDF is damaged and could not be read: " + describe(e), e);
        }
    }

    /**
     * Reads the pages of a PDF one by one and cleans their text: a page that fails becomes a warning, page headers
     * and footers go, hyphenated line breaks are joined. Pages are joined by a line break, so a sentence that runs
     * over a page break stays whole.
     *
     * @return the cleaned text; empty when no page has text
     * @throws ExtractionException CORRUPT when every page failed, TOO_LARGE over the character limit
     */
    static String pdfText(int pageCount, PageReader reader, List<String> warnings, int maxCharacters)
            throws ExtractionException {
        List<String> pages = new ArrayList<>(pageCount);
        int failed = 0;
        long characters = 0;
        for (int page = 1; page <= pageCount; page++) {
            String text;
            try {
                text = TextCleaner.normalize(reader.read(page));
            } catch (IOException | RuntimeException e) {
                failed++;
                warnings.add("page " + page + " could not be read: " + describe(e));
                text = "";
            }
            characters += text.length();
            if (characters > maxCharacters) {
                throw new ExtractionException(
                        Reason.TOO_LARGE, "the text is longer than the limit of " + maxCharacters + " characters");
            }
            pages.add(text);
        }
        if (pageCount > 0 && failed == pageCount) {
            throw new ExtractionException(
                    Reason.CORRUPT,
                    "the PDF is damaged: none of its " + pageCount + " pages could be read (" + warnings.get(0) + ")");
        }
        List<String> kept = TextCleaner.removeRepeatedHeadersAndFooters(pages);
        return TextCleaner.normalize(TextCleaner.joinHyphenatedLines(String.join("\n", kept)));
    }

    // ---- HTML ----

    private static Raw readHtml(byte[] bytes) throws IOException {
        // jsoup finds the charset from a byte order mark or a <meta> element, else reads UTF-8.
        HtmlText.Content content = HtmlText.extract(Jsoup.parse(new ByteArrayInputStream(bytes), null, ""));
        return new Raw(content.text(), content.title());
    }

    // ---- plain text and Markdown ----

    private Raw readText(byte[] bytes, String type, String fileName) throws IOException, ExtractionException {
        if (looksBinary(bytes)) {
            throw new ExtractionException(
                    Reason.UNSUPPORTED_FORMAT,
                    "the file is named or sent as text, but its bytes are not text (binary data: "
                            + "control bytes that no text file holds)");
        }
        String decoded = decode(bytes, fileName);
        if (decoded.isBlank()) {
            throw new ExtractionException(Reason.EMPTY, "the file contains only whitespace");
        }
        boolean markdown = MARKDOWN_TYPES.contains(type) || hasMarkdownExtension(fileName);
        if (!markdown) {
            return new Raw(TextCleaner.normalize(decoded), null);
        }
        return new Raw(TextCleaner.normalize(TextCleaner.cleanMarkdown(decoded)), TextCleaner.markdownTitle(decoded));
    }

    private static boolean hasMarkdownExtension(String fileName) {
        if (fileName == null) {
            return false;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".md") || lower.endsWith(".markdown");
    }

    /**
     * Whether bytes given as text are binary data: a text file in any 8-bit or multi-byte charset holds almost no C0
     * control bytes besides tab, line feed, form feed, carriage return and escape (ISO-2022), while random or compressed
     * data has about one byte in nine among them. UTF-16 and UTF-32 text, full of zero bytes, is recognised by its byte
     * order mark or its pattern of zeros and let through.
     */
    static boolean looksBinary(byte[] bytes) {
        int sample = Math.min(bytes.length, 64 * 1024);
        int controls = 0;
        int zerosEven = 0;
        int zerosOdd = 0;
        for (int i = 0; i < sample; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                if (i % 2 == 0) {
                    zerosEven++;
                } else {
                    zerosOdd++;
                }
            }
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0C && b != 0x1B) {
                controls++;
            }
        }
        boolean bom = sample >= 2
                && (((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)
                        || ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE));
        // Wide text: its zeros fall on one side (every other byte) almost always.
        boolean wide = bom || Math.max(zerosEven, zerosOdd) > sample / 4 && Math.min(zerosEven, zerosOdd) < sample / 50;
        return !wide && controls > Math.max(2, sample / 100);
    }

    /** UTF-8 when the bytes are valid UTF-8 (most files, and the fast path), else the detected charset. */
    private String decode(byte[] bytes, String fileName) throws IOException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            Metadata metadata = new Metadata();
            if (fileName != null) {
                metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
            }
            Charset charset;
            try (TikaInputStream stream = TikaInputStream.get(bytes)) {
                charset = encodingDetector.detect(stream, metadata);
            }
            return new String(bytes, charset == null ? StandardCharsets.ISO_8859_1 : charset);
        }
    }

    // ---- everything else, through Tika ----

    private Raw readWithTika(byte[] bytes, String type, String fileName) throws ExtractionException {
        if (!hasParser(MediaType.parse(type))) {
            if (type.equals("application/octet-stream")) {
                throw new ExtractionException(
                        Reason.UNSUPPORTED_FORMAT,
                        "the file's format was not recognised: it is not a document or text file that can be read"
                                + " (PDF, Word, RTF, HTML, Markdown, plain text and other office formats are)");
            }
            throw new ExtractionException(
                    Reason.UNSUPPORTED_FORMAT, "the file's format (" + type + ") is not supported");
        }
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        ParseContext context = new ParseContext();
        OfficeParserConfig office = new OfficeParserConfig();
        // Page headers and footers of Word files repeat on every page and say nothing about the content.
        office.setIncludeHeadersAndFooters(false);
        context.set(OfficeParserConfig.class, office);
        context.set(Parser.class, parser);
        LimitingEmbeddedExtractor embedded =
                new LimitingEmbeddedExtractor(context, limits.maxNestingDepth(), limits.maxEmbeddedDocuments());
        context.set(EmbeddedDocumentExtractor.class, embedded);
        TikaTextHandler handler = new TikaTextHandler(limits.maxCharacters());
        checkExpansion(bytes, MAX_EXPANDED_BYTES);
        try (TikaInputStream stream = TikaInputStream.get(bytes)) {
            parser.parse(stream, new BodyContentHandler(handler), metadata, context);
        } catch (OutOfMemoryError e) {
            // What a parser built for this one file is garbage now; the process and the other files go on.
            throw new ExtractionException(
                    Reason.TOO_LARGE, "the file needs more memory to read than this process has (a bomb?)");
        } catch (LinkageError e) {
            // A Tika parser whose optional library is not on the class path.
            throw new ExtractionException(
                    Reason.UNSUPPORTED_FORMAT,
                    "the file's format (" + type + ") needs a reader that is not installed: " + describe(e),
                    e);
        } catch (IOException | SAXException | TikaException | RuntimeException | StackOverflowError e) {
            if (embedded.exceeded() != null) {
                throw new ExtractionException(Reason.TOO_LARGE, embedded.exceeded(), e);
            }
            throw failure(e, type);
        }
        if (embedded.exceeded() != null) {
            throw new ExtractionException(Reason.TOO_LARGE, embedded.exceeded());
        }
        String title = metadata.get(TikaCoreProperties.TITLE);
        return new Raw(TextCleaner.normalize(handler.text()), title == null || title.isBlank() ? null : title.strip());
    }

    private boolean hasParser(MediaType type) {
        Map<MediaType, Parser> parsers = parser.getParsers();
        MediaTypeRegistry registry = parser.getMediaTypeRegistry();
        MediaType current = registry.normalize(type);
        while (current != null) {
            if (parsers.containsKey(current)) {
                return true;
            }
            current = registry.getSupertype(current);
        }
        return false;
    }

    /**
     * Refuses a ZIP container (Word, Excel, PowerPoint, OpenDocument, EPUB, plain ZIP) whose entries inflate to more
     * than {@code maxExpanded} bytes in all, before any parser reads it into memory: the sizes its directory states
     * are not trusted, the entries are inflated and counted. A file that is not a ZIP, or whose entries cannot be
     * walked this way, is left to its parser.
     *
     * @throws ExtractionException TOO_LARGE when the entries inflate to more than the limit
     */
    static void checkExpansion(byte[] bytes, long maxExpanded) throws ExtractionException {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4) {
            return;
        }
        long expanded = 0;
        byte[] buffer = new byte[64 * 1024];
        try (java.util.zip.ZipInputStream zip =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            while (zip.getNextEntry() != null) {
                for (int read = zip.read(buffer); read > 0; read = zip.read(buffer)) {
                    expanded += read;
                    if (expanded > maxExpanded) {
                        throw new ExtractionException(
                                Reason.TOO_LARGE,
                                "the file expands to more than " + maxExpanded / (1024 * 1024)
                                        + " MB of content (a compression bomb?)");
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // Not a ZIP this reader can walk (a data descriptor after a stored entry, say): the parser decides.
        }
    }

    private ExtractionException failure(Throwable e, String type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TikaTextHandler.TooMuchText) {
                return tooManyCharacters();
            }
            if (t instanceof EncryptedDocumentException) {
                return new ExtractionException(
                        Reason.ENCRYPTED,
                        "the document is encrypted (password protected); remove the password and send it again",
                        e);
            }
            if (t instanceof UnsupportedFormatException) {
                return new ExtractionException(
                        Reason.UNSUPPORTED_FORMAT,
                        "the file's format (" + type + ") is not supported in this variant: " + describe(t),
                        e);
            }
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("zip bomb")) {
                return new ExtractionException(
                        Reason.TOO_LARGE,
                        "the file expands to far more content than its size suggests (a compression bomb?)",
                        e);
            }
        }
        if (e instanceof StackOverflowError) {
            return new ExtractionException(Reason.CORRUPT, "the file (" + type + ") nests its content too deeply", e);
        }
        return new ExtractionException(
                Reason.CORRUPT, "the file is damaged and could not be read as " + type + ": " + describe(e), e);
    }

    private ExtractionException tooManyBytes() {
        long max = limits.maxBytes();
        String limit = max % (1024 * 1024) == 0 ? max / (1024 * 1024) + " MB" : max + " bytes";
        return new ExtractionException(Reason.TOO_LARGE, "the file is larger than the limit of " + limit);
    }

    private ExtractionException tooManyCharacters() {
        return new ExtractionException(
                Reason.TOO_LARGE, "the text is longer than the limit of " + limits.maxCharacters() + " characters");
    }

    private static ExtractionException noText(String type) {
        if (type.startsWith("image/")) {
            return new ExtractionException(
                    Reason.NO_TEXT, "no text: the file is an image (" + type + "); text in images is not read");
        }
        return new ExtractionException(Reason.NO_TEXT, "no text: the file (" + type + ") contains no readable text");
    }

    /** The innermost cause's message, short enough for a person to read. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        message = message.strip().replaceAll("\\s+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
