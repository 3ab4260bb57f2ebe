package dev.attacktagger.classifier.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Prints how long extraction plus sentence splitting takes for a 20,000-character document in each of plain text,
 * HTML and PDF, after warm-up. Not a test: run its main method (see the classifier notes for the command).
 */
public final class ExtractionBenchmark {

    private static final String[] WORDS = {
        "the", "actor", "used", "PowerShell", "to", "download", "a", "payload", "from", "evil.example.com", "and",
        "ran", "cmd.exe", "with", "stolen", "credentials", "on", "host", "203.0.113.7", "before", "moving", "laterally"
    };

    private ExtractionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String text = text(20_000, new Random(1));
        DocumentExtractor extractor = new DocumentExtractor();
        SentenceSplitter splitter = new SentenceSplitter();

        byte[] plain = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder html = new StringBuilder(
                "<html><head><title>Bench</title></head><body><nav><a href=/>Home</a>" + "</nav><article>");
        for (String paragraph : text.split("\n\n")) {
            html.append("<p>").append(paragraph).append("</p>");
        }
        html.append("</article></body></html>");
        byte[] htmlBytes = html.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] pdf = pdf(text);

        measure("text/plain", plain, "bench.txt", rounds, extractor, splitter);
        measure("text/html", htmlBytes, "bench.html", rounds, extractor, splitter);
        measure("application/pdf", pdf, "bench.pdf", Math.max(20, rounds / 5), extractor, splitter);
    }

    private static void measure(
            String label, byte[] bytes, String name, int rounds, DocumentExtractor extractor, SentenceSplitter splitter)
            throws Exception {
        int sentences = 0;
        int characters = 0;
        for (int i = 0; i < rounds; i++) {
            ExtractedDocument document = extractor.extract(new ByteArrayInputStream(bytes), name, null);
            sentences = splitter.split(document.text()).size();
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            ExtractedDocument document = extractor.extract(new ByteArrayInputStream(bytes), name, null);
            sentences = splitter.split(document.text()).size();
            characters = document.text().length();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%-16s %6d chars %4d sentences  extract+split median %7.2f ms  p95 %7.2f ms  (%d rounds)%n",
                label, characters, sentences, nanos[rounds / 2] / 1e6, nanos[(int) (rounds * 0.95)] / 1e6, rounds);
    }

    /** Paragraphs of about 400 characters built from a fixed vocabulary, until the text is {@code length} long. */
    private static String text(int length, Random random) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            StringBuilder paragraph = new StringBuilder();
            while (paragraph.length() < 400) {
                int words = 8 + random.nextInt(12);
                StringBuilder sentence = new StringBuilder("The");
                for (int w = 0; w < words; w++) {
                    sentence.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
                }
                paragraph.append(sentence).append(". ");
            }
            text.append(paragraph.toString().strip()).append("\n\n");
        }
        return text.substring(0, length);
    }

    private static byte[] pdf(String text) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                if (line.length() + word.length() > 90) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() == 0 ? "" : " ").append(word);
            }
            lines.add(line.toString());
        }
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int start = 0; start < lines.size(); start += 45) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.newLineAtOffset(40, 750);
                    for (String line : lines.subList(start, Math.min(lines.size(), start + 45))) {
                        content.showText(line);
                        content.newLineAtOffset(0, -15);
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
