package dev.attacktagger.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classifier.ReleasedModel;

class ClassifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private record Run(int status, List<JsonNode> lines, String err) {}

    private Run run(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ClassifyCommand()
                .run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        ReleasedModel.DIR);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Run(status, lines, err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }

    @Test
    void shouldReportBadFilesAndGoOnWithTheOthers() throws IOException {
        Path good = write(
                "a-good.txt",
                "The ransomware encrypted every document on the victim's file server and "
                        + "demanded a ransom in Bitcoin for the decryption key.");
        Path empty = write("b-empty.txt", "");
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        Path binary = Files.write(folder.resolve("c-junk.bin"), junk);
        Path encrypted = encryptedPdf(folder.resolve("d-locked.pdf"));

        Run result = run(good.toString(), empty.toString(), binary.toString(), encrypted.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.lines()).hasSize(4);
        JsonNode first = result.lines().get(0);
        assertThat(first.get("file").asText()).isEqualTo(good.toString());
        assertThat(first.has("error")).isFalse();
        assertThat(first.get("millis").asLong()).isNotNegative();
        assertThat(first.get("techniques").findValuesAsText("id")).contains("T1486");
        assertThat(result.lines().get(1).get("error").asText()).isEqualTo("the file is empty");
        assertThat(result.lines().get(2).get("error").asText()).isNotBlank();
        assertThat(result.lines().get(3).get("error").asText()).containsIgnoringCase("encrypted");
        for (JsonNode line : result.lines().subList(1, 4)) {
            assertThat(line.has("techniques")).isFalse();
        }
    }

    @Test
    void shouldWalkDirectoriesForSupportedFilesInNameOrder() throws IOException {
        Files.createDirectories(folder.resolve("sub"));
        write("sub/z.md", "# Notes\n\nThe implant created a scheduled task with schtasks to run at every logon.");
        write("a.txt", "The team met for lunch.");
        write("ignored.csv", "a,b,c");

        Run result = run(folder.toString());

        assertThat(result.status()).isZero();
        assertThat(result.lines())
                .extracting(line -> line.get("file").asText())
                .containsExactly(
                        folder.resolve("a.txt").toString(),
                        folder.resolve("sub/z.md").toString());
    }

    @Test
    void shouldYieldNothingFromHtmlScriptAndNavigation() throws IOException {
        Path page = write(
                "page.html",
                "<html><head><title>Gardening</title>"
                        + "<script>var c = \"powershell -enc SQBFAFgA; schtasks /create /tn x; mimikatz sekurlsa::logonpasswords\";"
                        + "</script></head><body><nav><a href=\"/t\">Credential Dumping</a> <a href=\"/p\">PowerShell</a> "
                        + "<a href=\"/r\">Data Encrypted for Impact</a></nav>"
                        + "<p>Tomatoes need plenty of sun and regular watering during the summer months.</p></body></html>");

        Run result = run(page.toString());

        assertThat(result.status()).isZero();
        assertThat(result.lines()).hasSize(1);
        assertThat(result.lines().get(0).get("techniques")).isEmpty();
    }

    @Test
    void shouldHonourThresholdAndAllScores() throws IOException {
        Path file = write("r.txt", "The ransomware encrypted the victim's files and asked for a ransom.");

        Run all = run(file.toString(), "--all-scores");
        Run none = run(file.toString(), "--threshold", "1.0");

        assertThat(all.lines().get(0).get("techniques")).hasSize(691);
        assertThat(none.lines().get(0).get("techniques")).isEmpty();
    }

    @Test
    void shouldRejectBadCommandLines() throws IOException {
        assertThat(run().status()).isEqualTo(2);
        Run badThreshold = run("x.txt", "--threshold", "2");
        assertThat(badThreshold.status()).isEqualTo(2);
        assertThat(badThreshold.err()).contains("--threshold must be a number from 0 to 1, was 2");
        for (String written : List.of("abc", "NaN", "-0.1")) {
            Run result = run("x.txt", "--threshold", written);
            assertThat(result.status()).as(written).isEqualTo(2);
            assertThat(result.err()).contains("--threshold must be a number from 0 to 1, was " + written);
        }
        Run noValue = run("x.txt", "--threshold", "--all-scores");
        assertThat(noValue.status()).isEqualTo(2);
        assertThat(noValue.err()).contains("--threshold needs a value");
        Run badDevice = run("x.txt", "--device", "gpu");
        assertThat(badDevice.status()).isEqualTo(2);
        assertThat(badDevice.err()).contains("--device must be one of auto, cpu, cuda, was gpu");
        assertThat(run("x.txt", "--bogus").err()).contains("unknown option --bogus");
    }

    @Test
    void shouldReportFolderWithNothingToRead() throws IOException {
        Files.createDirectories(folder.resolve("empty"));
        write("empty-notes.csv", "a,b,c");
        Path good = write("good.txt", "The implant created a scheduled task with schtasks to run at every logon.");

        Run result = run(folder.resolve("empty").toString(), good.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.lines()).hasSize(2);
        assertThat(result.lines().get(0).get("file").asText())
                .isEqualTo(folder.resolve("empty").toString());
        assertThat(result.lines().get(0).get("error").asText())
                .startsWith("the folder holds no file this command reads");
        assertThat(result.lines().get(1).has("error")).isFalse();
    }

    @Test
    void shouldReportALinkInAFolderThatPointsAtNothing() throws IOException {
        Files.createDirectories(folder.resolve("reports"));
        write("reports/a.txt", "The implant created a scheduled task with schtasks to run at every logon.");
        Files.createSymbolicLink(folder.resolve("reports/b.txt"), folder.resolve("gone.txt"));

        Run result = run(folder.resolve("reports").toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.lines()).hasSize(2);
        assertThat(result.lines().get(0).has("error")).isFalse();
        assertThat(result.lines().get(1).get("file").asText()).endsWith("b.txt");
        assertThat(result.lines().get(1).get("error").asText()).isEqualTo("no such file");
    }

    @Test
    void shouldReportMissingFile() throws IOException {
        Run result = run(folder.resolve("missing.txt").toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.lines().get(0).get("error").asText()).isEqualTo("no such file");
    }

    private static Path encryptedPdf(Path file) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("A locked page about nothing in particular.");
                content.endText();
            }
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            document.save(file.toFile());
        }
        return file;
    }
}
