package dev.attacktagger.classifier.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classifier.Classification;
import dev.attacktagger.classifier.ClassifyOptions;
import dev.attacktagger.classifier.Evidence;
import dev.attacktagger.classifier.TechniqueTag;
import dev.attacktagger.classifier.TechniqueTagger;
import dev.attacktagger.classifier.text.DocumentExtractor;
import dev.attacktagger.classifier.text.ExtractedDocument;
import dev.attacktagger.classifier.text.ExtractionException;

/**
 * {@code scripts/classify FILE_OR_DIR... [--threshold X] [--all-scores] [--model DIR]}: one JSON object per file on
 * one line of standard output; logging goes to standard error only.
 *
 * <p>Exit status: 0 when every file was classified, 1 when at least one file failed (its line carries {@code error}),
 * 2 for a wrong command line or a model that cannot be loaded.
 */
public final class ClassifyCommand {

    private static final Logger LOG = Logger.getLogger(ClassifyCommand.class);

    /** What a directory contributes: the formats the extractor reads. */
    static final Set<String> EXTENSIONS = Set.of("pdf", "docx", "html", "htm", "xhtml", "txt", "md", "markdown");

    private static final List<String> DEVICES = List.of("auto", "cpu", "cuda");

    private static final String USAGE =
            "usage: classify FILE_OR_DIR... [--threshold X] [--all-scores] [--model DIR] [--device auto|cpu|cuda]";

    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) {
        // Libraries that log to standard output must not break the JSON lines: everything but our own lines goes to
        // standard error.
        PrintStream out = System.out;
        System.setOut(System.err);
        int status = new ClassifyCommand().run(args, out, System.err, Path.of("models/default"));
        out.flush();
        System.exit(status);
    }

    /**
     * Runs the command.
     *
     * @param defaultModel the model folder when {@code --model} is not given
     * @return the exit status
     */
    public int run(String[] args, PrintStream out, PrintStream err, Path defaultModel) {
        List<Path> inputs = new ArrayList<>();
        Double threshold = null;
        boolean allScores = false;
        Path model = defaultModel;
        String device = "auto";
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--threshold" -> threshold = threshold(value(args, ++i, "--threshold"));
                    case "--all-scores" -> allScores = true;
                    case "--model" -> model = Path.of(value(args, ++i, "--model"));
                    case "--device" -> {
                        device = value(args, ++i, "--device");
                        if (!DEVICES.contains(device)) {
                            throw new IllegalArgumentException(
                                    "--device must be one of " + String.join(", ", DEVICES) + ", was " + device);
                        }
                    }
                    case "-h", "--help" -> {
                        err.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        inputs.add(Path.of(args[i]));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (inputs.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        ClassifyOptions options = new ClassifyOptions(threshold, allScores, true);
        dev.attacktagger.classifier.EncoderSettings settings = new dev.attacktagger.classifier.EncoderSettings(
                device, Runtime.getRuntime().availableProcessors(), 1);
        TechniqueTagger tagger;
        try {
            tagger = TechniqueTagger.load(model, settings);
        } catch (RuntimeException e) {
            err.println("cannot load the model " + model + ": " + e.getMessage());
            return 2;
        }
        boolean failed = false;
        try (tagger) {
            DocumentExtractor extractor = new DocumentExtractor();
            for (Path input : inputs) {
                List<Path> files = files(input);
                if (files.isEmpty()) {
                    // A folder with nothing to read is said, not passed over: the caller may have named the wrong one.
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("file", input.toString());
                    line.put(
                            "error",
                            "the folder holds no file this command reads ("
                                    + String.join(", ", new java.util.TreeSet<>(EXTENSIONS)) + ")");
                    failed = true;
                    out.println(write(line));
                    out.flush();
                }
                for (Path file : files) {
                    Map<String, Object> line = classify(file, extractor, tagger, options);
                    failed |= line.containsKey("error");
                    out.println(write(line));
                    out.flush();
                }
            }
        }
        return failed ? 1 : 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double threshold(String written) {
        double threshold;
        try {
            threshold = Double.parseDouble(written);
        } catch (NumberFormatException e) {
            threshold = Double.NaN;
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be a number from 0 to 1, was " + written);
        }
        return threshold;
    }

    /** A file as itself; a directory as every supported file in it, recursively, in name order. */
    static List<Path> files(Path input) {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            // A link that points at nothing is kept, so that its line says so instead of the file vanishing.
            return walk.filter(path -> Files.isRegularFile(path) || (Files.isSymbolicLink(path) && !Files.exists(path)))
                    .filter(path -> EXTENSIONS.contains(extension(path)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + input, e);
        }
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private Map<String, Object> classify(
            Path file, DocumentExtractor extractor, TechniqueTagger tagger, ClassifyOptions options) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", file.toString());
        long started = System.nanoTime();
        try {
            ExtractedDocument document = extractor.extract(file);
            Classification classification = tagger.classify(document.text(), options);
            List<Map<String, Object>> techniques = new ArrayList<>();
            for (TechniqueTag tag : classification.techniques()) {
                Map<String, Object> technique = new LinkedHashMap<>();
                technique.put("id", tag.id());
                technique.put("name", tag.name());
                technique.put("tactics", tag.tactics());
                technique.put("confidence", round(tag.confidence()));
                List<Map<String, Object>> evidence = new ArrayList<>();
                for (Evidence passage : tag.evidence()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("start", passage.start());
                    item.put("end", passage.end());
                    item.put("text", passage.text());
                    item.put("score", round(passage.score()));
                    evidence.add(item);
                }
                technique.put("evidence", evidence);
                techniques.add(technique);
            }
            line.put("techniques", techniques);
            line.put("millis", (System.nanoTime() - started) / 1_000_000);
            LOG.debugf("%s: %d techniques", file, techniques.size());
        } catch (ExtractionException e) {
            line.put("error", e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            line.put("error", "no such file");
        } catch (IOException e) {
            line.put("error", "cannot read the file: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "classifying %s failed", file);
            line.put("error", "classification failed: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            // What this file's reading built is garbage now; the other files go on.
            line.put("error", "the file needs more memory to read than this process has");
        }
        return line;
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }

    private String write(Map<String, Object> line) {
        try {
            return json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
