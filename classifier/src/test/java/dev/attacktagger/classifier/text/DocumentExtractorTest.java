package dev.attacktagger.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.attacktagger.classifier.text.ExtractionException.Reason;

class DocumentExtractorTest {

    private static final DocumentExtractor EXTRACTOR = new DocumentExtractor();

    // ---- PDF ----

    @Test
    void shouldExtractPdfPagesWithoutRepeatedHeadersAndFooters() throws Exception {
        byte[] pdf = pdf(
                "Sample Report",
                List.of(
                        List.of("ACME Threat Research", "Initial access came through phishing.", "Page 1 of 3"),
                        List.of("ACME Threat Research", "The loader ran cmd.exe on the host.", "Page 2 of 3"),
                        List.of("ACME Threat Research", "Data left over HTTPS.", "Page 3 of 3")));

        ExtractedDocument document = EXTRACTOR.extract(new ByteArrayInputStream(pdf), "report.pdf", null);

        assertThat(document.text())
                .isEqualTo("Initial access came through phishing.\nThe loader ran cmd.exe on the host.\n"
                        + "Data left over HTTPS.");
        assertThat(document.mediaType()).isEqualTo("application/pdf");
        assertThat(document.title()).isEqualTo("Sample Report");
        assertThat(document.language()).isEqualTo("en");
        assertThat(document.warnings()).isEmpty();
    }

    @Test
    void shouldReplaceLigatureAndJoinHyphenatedLinesInPdf() throws Exception {
        byte[] pdf = pdf(
                null,
                List.of(List.of(
                        "The actor used a ﬁle dropper and Power-",
                        "Shell with a command-and-",
                        "control channel and mali-",
                        "cious macros.")));

        ExtractedDocument document = EXTRACTOR.extract(new ByteArrayInputStream(pdf), "x.pdf", "application/pdf");

        assertThat(document.text())
                .isEqualTo("The actor used a file dropper and PowerShell with a command-and-control channel and"
                        + " malicious macros.");
        assertThat(document.title()).isNull();
    }

    @Test
    void shouldRejectEncryptedPdf() throws Exception {
        byte[] pdf;
        try (PDDocument document = new PDDocument()) {
            addPage(document, List.of("Secret text."));
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            pdf = save(document);
        }

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(pdf), "locked.pdf", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ENCRYPTED))
                .hasMessage("the PDF is encrypted (password protected); remove the password and send it again");
    }

    @Test
    void shouldRejectPdfWithoutTextLayer() throws Exception {
        byte[] pdf;
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
            image.getGraphics().fillRect(5, 5, 30, 10);
            PDImageXObject scan = LosslessFactory.createFromImage(document, image);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(scan, 50, 600, 400, 200);
            }
            pdf = save(document);
        }

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(pdf), "scan.pdf", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_TEXT))
                .hasMessage("no text: the PDF has no text layer (scanned image?)");
    }

    @Test
    void shouldRejectTruncatedPdf() throws Exception {
        byte[] pdf = pdf(null, List.of(List.of("Some text.")));
        byte[] truncated = java.util.Arrays.copyOf(pdf, 40);

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(truncated), "broken.pdf", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageStartingWith("the PDF is damaged and could not be read: ");
    }

    @Test
    void shouldKeepOtherPagesWhenOnePageFails() throws Exception {
        List<String> warnings = new ArrayList<>();
        String text = DocumentExtractor.pdfText(
                3,
                page -> {
                    if (page == 2) {
                        throw new IOException("bad font in content stream");
                    }
                    return "Text of page " + page + ".\n";
                },
                warnings,
                1000);

        // The missing page leaves a paragraph break: a sentence must not be joined across it.
        assertThat(text).isEqualTo("Text of page 1.\n\nText of page 3.");
        assertThat(warnings).containsExactly("page 2 could not be read: bad font in content stream");
    }

    @Test
    void shouldRejectPdfWhoseEveryPageFails() {
        List<String> warnings = new ArrayList<>();
        assertThatThrownBy(() -> DocumentExtractor.pdfText(
                        2,
                        page -> {
                            throw new IllegalStateException("broken page");
                        },
                        warnings,
                        1000))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessage("the PDF is damaged: none of its 2 pages could be read (page 1 could not be read: broken"
                        + " page)");
    }

    // ---- Office formats and RTF ----

    @Test
    void shouldExtractDocxParagraphsAndTable() throws Exception {
        byte[] docx;
        try (XWPFDocument document = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.getProperties().getCoreProperties().setTitle("Intrusion Notes");
            document.createParagraph().createRun().setText("Findings");
            document.createParagraph().createRun().setText("The actor moved laterally with PsExec.");
            document.createParagraph().createRun().setText("credentials were dumped afterwards.");
            XWPFTable table = document.createTable(2, 2);
            table.getRow(0).getCell(0).setText("Technique");
            table.getRow(0).getCell(1).setText("Tool");
            table.getRow(1).getCell(0).setText("T1003");
            table.getRow(1).getCell(1).setText("Mimikatz");
            document.write(out);
            docx = out.toByteArray();
        }

        ExtractedDocument document = EXTRACTOR.extract(new ByteArrayInputStream(docx), "notes.docx", null);

        assertThat(document.text())
                .isEqualTo("Findings\n\nThe actor moved laterally with PsExec.\n\ncredentials were dumped afterwards."
                        + "\n\nTechnique\tTool\nT1003\tMimikatz");
        assertThat(document.mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(document.title()).isEqualTo("Intrusion Notes");
        assertThat(new SentenceSplitter().split(document.text()))
                .extracting(Sentence::text)
                .containsExactly(
                        "Findings",
                        "The actor moved laterally with PsExec.",
                        "credentials were dumped afterwards.",
                        "Technique\tTool",
                        "T1003\tMimikatz");
    }

    @Test
    void shouldRejectEncryptedDocx() throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (XWPFDocument document = new XWPFDocument()) {
            document.createParagraph().createRun().setText("Hidden text.");
            document.write(plain);
        }
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (POIFSFileSystem fileSystem = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream out = encryptor.getDataStream(fileSystem)) {
                out.write(plain.toByteArray());
            }
            fileSystem.writeFilesystem(encrypted);
        }

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(encrypted.toByteArray()), "x.docx", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ENCRYPTED))
                .hasMessage("the document is encrypted (password protected); remove the password and send it again");
    }

    @Test
    void shouldExtractRtf() throws Exception {
        String rtf = "{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard The actor used a scheduled task."
                + "\\par Then it deleted the logs.\\par}";

        ExtractedDocument document =
                EXTRACTOR.extract(new ByteArrayInputStream(rtf.getBytes(StandardCharsets.US_ASCII)), "a.rtf", null);

        assertThat(document.text()).isEqualTo("The actor used a scheduled task.\n\nThen it deleted the logs.");
        assertThat(document.mediaType()).isEqualTo("application/rtf");
    }

    // ---- HTML ----

    @Test
    void shouldKeepOnlyTheArticleOfAWebPage() throws Exception {
        String html = """
                <!DOCTYPE html>
                <html><head><title>Operation Example | Vendor Blog</title>
                <style>.x { color: red }</style>
                <script>var hidden = "SCRIPT TEXT MUST NOT APPEAR";</script></head>
                <body>
                <header><a href="/">Vendor</a> <a href="/blog">Blog</a></header>
                <nav><ul><li><a href="/a">Products</a></li><li><a href="/b">Pricing</a></li></ul></nav>
                <div id="cookie-consent">We use cookies. <button>Accept</button></div>
                <div class="gdpr-notice">Your privacy choices matter.</div>
                <main>
                <article>
                <h1>Operation Example</h1>
                <p>The actor   sent a phishing
                email with a <a href="/t">malicious link</a>.</p>
                <p>It then ran <code>powershell.exe</code> to fetch a payload<br>from evil.example.com.</p>
                <ul><li>Persistence by a run key</li><li>exfiltration over HTTPS</li></ul>
                <script>document.write("INLINE SCRIPT TEXT")</script>
                <noscript>Enable JavaScript</noscript>
                <form><input name="q"><label>Search the site</label></form>
                <div class="related-posts"><h3>Related</h3><ul>
                <li><a href="/p1">Another campaign</a></li><li><a href="/p2">Yet another one</a></li>
                <li><a href="/p3">An older post</a></li></ul></div>
                <footer>Tags: <a href="/t1">apt</a> <a href="/t2">phishing</a></footer>
                </article>
                </main>
                <aside>Subscribe to our newsletter</aside>
                <footer>Copyright Vendor</footer>
                </body></html>
                """;

        ExtractedDocument document = EXTRACTOR.extract(
                new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), "post.html", "text/html");

        assertThat(document.text())
                .isEqualTo("Operation Example\n\nThe actor sent a phishing email with a malicious link.\n\n"
                        + "It then ran powershell.exe to fetch a payload\nfrom evil.example.com.\n\n"
                        + "Persistence by a run key\n\nexfiltration over HTTPS");
        assertThat(document.text()).doesNotContain("SCRIPT", "cookies", "privacy", "Related", "Products", "apt");
        assertThat(document.title()).isEqualTo("Operation Example");
        assertThat(document.mediaType()).isEqualTo("text/html");
        assertThat(document.language()).isEqualTo("en");
    }

    @Test
    void shouldKeepTheAddressOfAnHtmlLinkToAnAttackTechnique() throws Exception {
        String html = "<html><body><p>The actor cleared the event logs (<a "
                + "href=\"https://attack.mitre.org/techniques/T1070/001/\">indicator removal</a>) and ran "
                + "<a href=\"https://attack.mitre.org/techniques/T1059/001/\">T1059.001</a> as the "
                + "<a href=\"https://example.com/report\">report</a> says.</p></body></html>";

        ExtractedDocument document = EXTRACTOR.extract(
                new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), "page.html", "text/html");

        assertThat(document.text())
                .isEqualTo("The actor cleared the event logs (indicator removal "
                        + "(https://attack.mitre.org/techniques/T1070/001/)) and ran T1059.001 as the report says.");
    }

    @Test
    void shouldReadHtmlTablesAsRowsAndTitleWithoutH1() throws Exception {
        String html = "<html><head><title>Indicators</title></head><body><p>Seen during the intrusion:</p>"
                + "<table><tr><th>Type</th><th>Value</th></tr><tr><td>ipv4</td><td>203.0.113.7</td></tr></table>"
                + "</body></html>";

        ExtractedDocument document =
                EXTRACTOR.extract(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), null, null);

        assertThat(document.text()).isEqualTo("Seen during the intrusion:\n\nType\tValue\nipv4\t203.0.113.7");
        assertThat(document.title()).isEqualTo("Indicators");
    }

    @Test
    void shouldTakeTitleFromArticleHeadingNotFromLogo() throws Exception {
        String html = "<html><head><title>Loader Analysis - Vendor</title></head><body>"
                + "<header><h1>Vendor</h1></header><article><h1>Loader Analysis</h1><p>It loads things.</p>"
                + "</article></body></html>";

        ExtractedDocument document =
                EXTRACTOR.extract(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), null, null);

        assertThat(document.title()).isEqualTo("Loader Analysis");
        assertThat(document.text()).isEqualTo("Loader Analysis\n\nIt loads things.");
    }

    // ---- text and Markdown ----

    @Test
    void shouldExtractPlainTextFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "First line of notes.\r\nSecond   line.\r\n");

        ExtractedDocument document = EXTRACTOR.extract(file);

        assertThat(document.text()).isEqualTo("First line of notes.\nSecond line.");
        assertThat(document.mediaType()).isEqualTo("text/plain");
        assertThat(document.title()).isNull();
        assertThat(document.warnings()).isEmpty();
    }

    @Test
    void shouldDetectLegacyCharset() throws Exception {
        String text = "Le groupe a utilisé des courriels piégés pour cibler les employés. Les pièces jointes étaient"
                + " des documents Word contenant des macros malveillantes. Après l'exécution, le logiciel a créé une"
                + " tâche planifiée et a contacté son serveur de contrôle à intervalles réguliers.";
        byte[] bytes = text.getBytes(Charset.forName("windows-1252"));

        ExtractedDocument document = EXTRACTOR.extract(new ByteArrayInputStream(bytes), "rapport.txt", null);

        assertThat(document.text()).isEqualTo(text);
        assertThat(document.language()).isEqualTo("fr");
    }

    @Test
    void shouldCleanMarkdown() throws Exception {
        String markdown = "# Campaign Notes\n\nThe actor used **Cobalt Strike** and `rundll32.exe`.\n\n"
                + "## Steps\n- Sent [phishing email](https://example.com/x)\n- Ran *macro*\n";

        ExtractedDocument document = EXTRACTOR.extract(
                new ByteArrayInputStream(markdown.getBytes(StandardCharsets.UTF_8)), "notes.md", null);

        assertThat(document.text())
                .isEqualTo("Campaign Notes\n\nThe actor used Cobalt Strike and rundll32.exe.\n\nSteps\n\n"
                        + "- Sent phishing email\n- Ran macro");
        assertThat(document.title()).isEqualTo("Campaign Notes");
        assertThat(new SentenceSplitter().split(document.text()))
                .extracting(Sentence::text)
                .containsExactly(
                        "Campaign Notes",
                        "The actor used Cobalt Strike and rundll32.exe.",
                        "Steps",
                        "Sent phishing email",
                        "Ran macro");
    }

    // ---- bad input and limits ----

    @Test
    void shouldRejectEmptyFile() {
        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(new byte[0]), "empty.pdf", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY))
                .hasMessage("the file is empty");
    }

    @Test
    void shouldRejectWhitespaceOnlyText() {
        byte[] bytes = " \n\t \n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(bytes), "blank.txt", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY))
                .hasMessage("the file contains only whitespace");
    }

    @Test
    void shouldRejectJunkBytes() {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(junk), "junk.bin", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
                .hasMessage("the file's format was not recognised: it is not a document or text file that can be read"
                        + " (PDF, Word, RTF, HTML, Markdown, plain text and other office formats are)");
    }

    @Test
    void shouldRejectJunkBytesNamedOrSentAsText() {
        byte[] junk = new byte[4096];
        new Random(13).nextBytes(junk);

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(junk), "notes.txt", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
                .hasMessageStartingWith("the file is named or sent as text, but its bytes are not text");
        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(junk), null, "text/plain"))
                .isInstanceOf(ExtractionException.class);
    }

    @Test
    void shouldStillReadTextInOtherCharsetsAndWidths() throws Exception {
        String text = "Die Angreifer löschten die Schattenkopien mit vssadmin.\n";
        for (java.nio.charset.Charset charset :
                List.of(StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16, StandardCharsets.UTF_16LE)) {
            byte[] bytes = text.repeat(20).getBytes(charset);

            assertThat(EXTRACTOR
                            .extract(new ByteArrayInputStream(bytes), "bericht.txt", null)
                            .text())
                    .as("%s", charset)
                    .contains("Schattenkopien mit vssadmin");
        }
    }

    @Test
    void shouldRejectJunkBytesNamedLikeAPdf() {
        byte[] junk = new byte[4096];
        new Random(11).nextBytes(junk);

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(junk), "report.pdf", "application/pdf"))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageStartingWith("the PDF is damaged and could not be read: ");
    }

    @Test
    void shouldRejectImage() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(png.toByteArray()), "shot.png", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_TEXT))
                .hasMessage("no text: the file is an image (image/png); text in images is not read");
    }

    @Test
    void shouldRejectFileOverByteLimit() {
        DocumentExtractor small = new DocumentExtractor(new DocumentExtractor.Limits(100, 1000, 4, 10));
        byte[] bytes = "a".repeat(101).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> small.extract(new ByteArrayInputStream(bytes), "big.txt", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("the file is larger than the limit of 100 bytes");
    }

    @Test
    void shouldRejectFileOverByteLimitBeforeReadingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.txt");
        Files.write(file, new byte[2 * 1024 * 1024 + 1]);
        DocumentExtractor small = new DocumentExtractor(new DocumentExtractor.Limits(2 * 1024 * 1024, 1000, 4, 10));

        assertThatThrownBy(() -> small.extract(file))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("the file is larger than the limit of 2 MB");
    }

    @Test
    void shouldRejectTextOverCharacterLimit() {
        DocumentExtractor small = new DocumentExtractor(new DocumentExtractor.Limits(10_000, 50, 4, 10));
        byte[] bytes = "word ".repeat(20).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> small.extract(new ByteArrayInputStream(bytes), "long.txt", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("the text is longer than the limit of 50 characters");
    }

    @Test
    void shouldReadTextInsideZip() throws Exception {
        byte[] zip =
                zip("inner.txt", "The archive holds a note about lateral movement.".getBytes(StandardCharsets.UTF_8));

        ExtractedDocument document = EXTRACTOR.extract(new ByteArrayInputStream(zip), "bundle.zip", null);

        assertThat(document.text()).isEqualTo("The archive holds a note about lateral movement.");
        assertThat(document.mediaType()).isEqualTo("application/zip");
    }

    @Test
    void shouldStopDeeplyNestedArchives() throws Exception {
        byte[] nested = zip("core.txt", "deep text".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 6; i++) {
            nested = zip("level" + i + ".zip", nested);
        }
        byte[] bomb = nested;

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(bomb), "nested.zip", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("the file nests documents more than 4 levels deep (an archive bomb?)");
    }

    @Test
    void shouldStopArchivesWithTooManyEntries() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < 20; i++) {
                zip.putNextEntry(new ZipEntry("note" + i + ".txt"));
                zip.write(("note number " + i).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        DocumentExtractor small = new DocumentExtractor(new DocumentExtractor.Limits(1_000_000, 100_000, 4, 10));

        assertThatThrownBy(() -> small.extract(new ByteArrayInputStream(out.toByteArray()), "many.zip", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("the file holds more than 10 embedded documents (an archive bomb?)");
    }

    @Test
    void shouldStopArchiveThatExpandsPastTheCharacterLimit() throws Exception {
        byte[] zip = zip("zeros.txt", "a ".repeat(2_000_000).getBytes(StandardCharsets.UTF_8));
        DocumentExtractor small = new DocumentExtractor(new DocumentExtractor.Limits(1_000_000, 100_000, 4, 10));

        assertThatThrownBy(() -> small.extract(new ByteArrayInputStream(zip), "expands.zip", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void shouldMeasureWhatAZipExpandsToBeforeParsingIt() throws Exception {
        byte[] zip = zip("zeros.txt", new byte[2 * 1024 * 1024]);

        assertThatThrownBy(() -> DocumentExtractor.checkExpansion(zip, 1024 * 1024))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("the file expands to more than 1 MB of content (a compression bomb?)");
        DocumentExtractor.checkExpansion(zip, 4 * 1024 * 1024);
        DocumentExtractor.checkExpansion("PK but not a zip".getBytes(StandardCharsets.UTF_8), 1);
    }

    @Test
    void shouldRejectWordFileThatExpandsFarPastItsSize() throws Exception {
        // A 300 MB document part that compresses to a few hundred kilobytes: refused before any parser holds it.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
                            + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            byte[] block = "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(30_000).getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < 300L * 1024 * 1024; written += block.length) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        byte[] bomb = out.toByteArray();

        assertThatThrownBy(() -> EXTRACTOR.extract(new ByteArrayInputStream(bomb), "bomb.docx", null))
                .isInstanceOfSatisfying(
                        ExtractionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("the file expands to more than 256 MB of content (a compression bomb?)");
    }

    @Test
    void shouldGiveSameResultsToConcurrentCallers() throws Exception {
        byte[] pdf = pdf(null, List.of(List.of("First page text."), List.of("Second page text.")));
        byte[] html =
                "<html><body><p>One paragraph.</p><p>Another one.</p></body></html>".getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] bytes = i % 2 == 0 ? pdf : html;
                results.add(pool.submit(() -> EXTRACTOR
                        .extract(new ByteArrayInputStream(bytes), null, null)
                        .text()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get())
                        .isEqualTo(
                                i % 2 == 0 ? "First page text.\nSecond page text." : "One paragraph.\n\nAnother one.");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRejectInvalidLimits() {
        assertThatThrownBy(() -> new DocumentExtractor.Limits(0, 10, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be between 1 and 2 GB, was 0");
    }

    // ---- fixtures ----

    /** A PDF with one page per list of lines, written in Helvetica; "ﬁ" is drawn with the font's own fi glyph. */
    private static byte[] pdf(String title, List<List<String>> pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            if (title != null) {
                PDDocumentInformation information = new PDDocumentInformation();
                information.setTitle(title);
                document.setDocumentInformation(information);
            }
            for (List<String> lines : pages) {
                addPage(document, lines);
            }
            return save(document);
        }
    }

    private static void addPage(PDDocument document, List<String> lines) throws IOException {
        PDPage page = new PDPage();
        document.addPage(page);
        // Standard encoding has a glyph for the fi ligature, which WinAnsi (the default) lacks.
        COSDictionary fontDictionary = new COSDictionary();
        fontDictionary.setItem(COSName.TYPE, COSName.FONT);
        fontDictionary.setItem(COSName.SUBTYPE, COSName.TYPE1);
        fontDictionary.setName(COSName.BASE_FONT, "Helvetica");
        fontDictionary.setItem(COSName.ENCODING, COSName.STANDARD_ENCODING);
        PDFont font = new PDType1Font(fontDictionary);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(font, 11);
            content.newLineAtOffset(72, 720);
            for (String line : lines) {
                content.showText(line);
                content.newLineAtOffset(0, -14);
            }
            content.endText();
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
