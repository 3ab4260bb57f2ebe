package dev.attacktagger.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Small documents of every format, made from text the tests write. */
public final class Fixtures {

    private Fixtures() {}

    /** A one-page PDF with a line of text per entry. */
    public static byte[] pdf(List<String> lines) {
        try (PDDocument document = new PDDocument()) {
            writePage(document, lines);
            return save(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PDF that opens only with a password. */
    public static byte[] encryptedPdf(List<String> lines) {
        try (PDDocument document = new PDDocument()) {
            writePage(document, lines);
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return save(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DOCX with one paragraph per entry. */
    public static byte[] docx(List<String> paragraphs) {
        try (XWPFDocument document = new XWPFDocument()) {
            for (String paragraph : paragraphs) {
                document.createParagraph().createRun().setText(paragraph);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RTF document with the text in one paragraph. */
    public static byte[] rtf(String text) {
        String rtf = "{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard " + text + "\\par}";
        return rtf.getBytes(StandardCharsets.US_ASCII);
    }

    /** The Word 97 document of the test resources. */
    public static byte[] legacyDoc() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/legacy-word-report.doc")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A DOCX whose document part inflates to {@code megabytes} of text: a compression bomb of a few kilobytes.
     */
    public static byte[] docxBomb(int megabytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                entry(
                        zip,
                        "[Content_Types].xml",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types"
                                + " xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default"
                                + " Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override"
                                + " PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
                                + "officedocument.wordprocessingml.document.main+xml\"/></Types>");
                entry(
                        zip,
                        "_rels/.rels",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships"
                                + " xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship"
                                + " Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                + "officeDocument\" Target=\"word/document.xml\"/></Relationships>");
                zip.putNextEntry(new ZipEntry("word/document.xml"));
                zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas."
                                + "openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>")
                        .getBytes(StandardCharsets.UTF_8));
                byte[] chunk = "a".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < megabytes; i++) {
                    zip.write(chunk);
                }
                zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ZIP nested {@code depth} levels deep with a text file at the bottom. */
    public static byte[] nestedZip(int depth) {
        byte[] current = "bottom of the nest".getBytes(StandardCharsets.UTF_8);
        String name = "note.txt";
        for (int level = 0; level < depth; level++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(current);
                zip.closeEntry();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            current = out.toByteArray();
            name = "level" + level + ".zip";
        }
        return current;
    }

    /** A STIX 2.1 bundle with one report that refers to two attack-patterns and an indicator. */
    public static String stixBundle(String reportName, String description) {
        return """
                {"type": "bundle", "id": "bundle--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "objects": [
                  {"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--aaaa0000-0000-4000-8000-000000000001",
                   "name": "Spearphishing Attachment",
                   "external_references": [{"source_name": "mitre-attack", "external_id": "T1566.001"}]},
                  {"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--aaaa0000-0000-4000-8000-000000000002",
                   "name": "Scheduled Task",
                   "external_references": [{"source_name": "mitre-attack", "external_id": "t1053/005"}]},
                  {"type": "indicator", "spec_version": "2.1", "id": "indicator--aaaa0000-0000-4000-8000-000000000003",
                   "pattern": "[ipv4-addr:value = '203.0.113.50']", "pattern_type": "stix"},
                  {"type": "report", "spec_version": "2.1", "id": "report--aaaa0000-0000-4000-8000-000000000004",
                   "name": "%s", "description": "%s", "published": "2024-05-01T10:00:00Z",
                   "external_references": [{"source_name": "vendor", "url": "https://vendor.example.com/blog/wave"}],
                   "object_refs": ["attack-pattern--aaaa0000-0000-4000-8000-000000000001",
                                   "attack-pattern--aaaa0000-0000-4000-8000-000000000002",
                                   "indicator--aaaa0000-0000-4000-8000-000000000003"]}
                ]}
                """.formatted(reportName, description);
    }

    /** An RSS 2.0 document with the given items, each {title, link, guid}. */
    public static String rss(List<String[]> items) {
        StringBuilder xml = new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                        + "<title>Test research blog</title><link>http://127.0.0.1/</link><description>posts</description>");
        for (String[] item : items) {
            xml.append("<item><title>")
                    .append(item[0])
                    .append("</title><link>")
                    .append(item[1])
                    .append("</link><guid isPermaLink=\"false\">")
                    .append(item[2])
                    .append("</guid><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>");
        }
        return xml.append("</channel></rss>").toString();
    }

    /** An Atom document with the given entries, each {title, link, id}. */
    public static String atom(List<String[]> entries) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Test atom feed</title><id>urn:test:feed</id>"
                + "<updated>2024-05-02T00:00:00Z</updated>");
        for (String[] entry : entries) {
            xml.append("<entry><title>")
                    .append(entry[0])
                    .append("</title><link href=\"")
                    .append(entry[1])
                    .append("\"/><id>")
                    .append(entry[2])
                    .append("</id><updated>2024-05-02T00:00:00Z</updated></entry>");
        }
        return xml.append("</feed>").toString();
    }

    private static void writePage(PDDocument document, List<String> lines) throws IOException {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
            content.setLeading(14);
            content.newLineAtOffset(50, 700);
            for (String line : lines) {
                content.showText(line);
                content.newLine();
            }
            content.endText();
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
