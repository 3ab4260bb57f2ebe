package dev.attacktagger.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.ingest.testing.FakePeersResource;
import dev.attacktagger.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(FakePeersResource.class)
class IngestCommandTest {

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path folder;

    @Test
    void shouldSendAFolderAndPrintEachReportWithItsTags() throws IOException, InterruptedException {
        Files.writeString(folder.resolve("a.txt"), "CLI report A: spearphishing, then PowerShell.");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/b.md"), "# CLI report B\n\nOnly PowerShell here.");
        Files.writeString(folder.resolve("sub/ignored.bin"), "not sent: no readable extension");
        Files.writeString(folder.resolve("empty.txt"), "   ");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = IngestCommand.run(
                List.of(folder.toString()),
                new IngestHttp(base.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        List<JsonNode> lines = out.toString(StandardCharsets.UTF_8)
                .lines()
                .map(IngestCommandTest::json)
                .toList();
        assertThat(exit).isEqualTo(1);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).path("file").asText()).endsWith("a.txt");
        assertThat(lines.get(0).path("reports").get(0).path("tags").toString())
                .isEqualTo("[\"T1566.001\",\"T1059.001\"]");
        assertThat(lines.get(0).path("reports").get(0).path("reportId").asText())
                .hasSize(36);
        assertThat(lines.get(1).path("file").asText()).endsWith("empty.txt");
        assertThat(lines.get(1).path("state").asText()).isEqualTo("failed");
        assertThat(lines.get(1).path("error").asText()).isEqualTo("the file contains only whitespace");
        assertThat(lines.get(2).path("reports").get(0).path("title").asText()).isEqualTo("CLI report B");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("waiting [##############################] 3/3");
    }

    @Test
    void shouldIngestTheBenchmarksGeneratedDocuments() throws IOException, InterruptedException {
        List<BenchIngest.Generated> documents = BenchIngest.generate(4, new Random(7));
        for (BenchIngest.Generated document : documents) {
            Files.write(folder.resolve(document.fileName()), document.bytes());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = IngestCommand.run(
                List.of(folder.toString()),
                new IngestHttp(base.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(documents)
                .extracting(BenchIngest.Generated::fileName)
                .containsExactly("bench-0.pdf", "bench-1.docx", "bench-2.html", "bench-3.txt");
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(4).allMatch(line -> line.contains("\"done\""));
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(line, e);
        }
    }
}
