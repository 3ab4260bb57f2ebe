package dev.attacktagger.classifier.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classifier.model.AttackFacts;
import dev.attacktagger.classifier.text.Sentence;
import dev.attacktagger.classifier.text.SentenceSplitter;
import dev.attacktagger.kb.AttackEntity;
import dev.attacktagger.kb.AttackKnowledgeBase;
import dev.attacktagger.kb.ProcedureExample;
import dev.attacktagger.kb.Resolution;
import dev.attacktagger.kb.Technique;

/**
 * The training and validation data, cut once and the same way every time.
 *
 * <ul>
 *   <li>TRAM reports are cut by report: {@value #REPORT_PERCENT}% of reports (by a hash of the normalised title) are
 *       validation, and every TRAM sentence goes with the report that contains it.
 *   <li>ATT&amp;CK procedure examples are cut by the software, group or campaign that did them: {@value
 *       #SOURCE_PERCENT}% of them are validation, so a name the model memorised never helps it on validation.
 *   <li>One description sentence of each technique with at least three is held out.
 *   <li>TRAM bootstrap sentences are training data, except those that repeat a held-out procedure example.
 * </ul>
 */
final class Corpus {

    static final int REPORT_PERCENT = 30;
    static final int SOURCE_PERCENT = 20;
    private static final String SALT = "attack-tagger-split-1";
    private static final int PROCEDURES_PER_DOCUMENT = 15;
    private static final Logger LOG = Logger.getLogger(Corpus.class);

    /** One training sentence with its techniques (none for a negative). */
    record Example(String text, int[] labels, float weight, String origin) {}

    /**
     * A validation document and the techniques it carries.
     *
     * @param ignored techniques that are neither right nor wrong here: for a pseudo-report, the actor's other
     *     techniques (its procedure examples often describe several at once); for a description sentence, the
     *     technique's parent and sub-techniques
     */
    record Document(
            String kind,
            String title,
            String text,
            List<Sentence> sentences,
            Set<Integer> labels,
            Set<Integer> ignored) {}

    /** A TRAM sentence with its one technique. */
    record LabelledSentence(String text, int label) {}

    final AttackFacts facts;
    final AttackFacts validationFacts;
    final Map<String, Integer> index;
    final List<Example> training = new ArrayList<>();
    final List<Document> validation = new ArrayList<>();
    final List<LabelledSentence> validationSentences = new ArrayList<>();
    final Map<String, Integer> counts = new LinkedHashMap<>();
    /** How many training reports carry each technique. */
    final int[] trainingReportCounts;

    int trainingReports;

    /** How many training reports name each technique, and how many of those are annotated with it. */
    private final int[] namingReports;

    private final int[] namingReportsAnnotated;

    private final AttackKnowledgeBase kb;
    private final SentenceSplitter splitter;
    private final Map<String, Set<Integer>> positives = new LinkedHashMap<>();
    private final Map<String, Float> weights = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private Corpus(AttackKnowledgeBase kb, SentenceSplitter splitter) {
        this.kb = kb;
        this.splitter = splitter;
        this.facts = facts(kb, source -> true);
        this.validationFacts = facts(kb, source -> !isValidationSource(source));
        this.index = facts.indexById();
        this.trainingReportCounts = new int[facts.techniques().size()];
        this.namingReports = new int[facts.techniques().size()];
        this.namingReportsAnnotated = new int[facts.techniques().size()];
    }

    /** Per technique, the smoothed share of training reports naming it that are annotated with it. */
    float[] nameReliability() {
        float[] reliability = new float[namingReports.length];
        for (int t = 0; t < reliability.length; t++) {
            reliability[t] = (float) ((namingReportsAnnotated[t] + 0.5) / (namingReports[t] + 2.0));
        }
        return reliability;
    }

    /** Per technique, the smoothed log-odds of it being annotated in a training report. */
    float[] priors() {
        float[] priors = new float[trainingReportCounts.length];
        for (int t = 0; t < priors.length; t++) {
            double p = (trainingReportCounts[t] + 0.5) / (trainingReports + 1.0);
            priors[t] = (float) Math.log(p / (1 - p));
        }
        return priors;
    }

    static boolean isValidationSource(String stixId) {
        return Splits.isValidation(stixId, SOURCE_PERCENT, SALT);
    }

    static Corpus build(Path data, AttackKnowledgeBase kb, SentenceSplitter splitter, long seed) throws IOException {
        Corpus corpus = new Corpus(kb, splitter);
        corpus.addProcedures(new Random(seed));
        corpus.addDescriptions();
        Set<String> heldOutShingles = corpus.heldOutProcedureShingles();
        corpus.addReports(data.resolve("tram"));
        corpus.addBootstrap(data.resolve("tram/bootstrap-sentences.jsonl.gz"), heldOutShingles);
        corpus.finish();
        return corpus;
    }

    /**
     * The facts a model needs; {@code useSource} says which software's procedure examples count for the software to
     * technique map (validation leaves the held-out software out, or that signal would leak the answer).
     */
    static AttackFacts facts(AttackKnowledgeBase kb, java.util.function.Predicate<String> useSource) {
        List<AttackFacts.TechniqueFact> techniques = new ArrayList<>();
        for (Technique technique : kb.activeTechniques()) {
            techniques.add(new AttackFacts.TechniqueFact(
                    technique.id(), technique.name(), technique.tactics(), technique.parentId()));
        }
        Map<String, String> replacements = new TreeMap<>();
        Set<String> deprecated = new TreeSet<>();
        for (Technique technique : kb.allTechniques()) {
            if (technique.revoked()) {
                Resolution resolution = kb.resolve(technique.id());
                if (resolution.currentId() != null) {
                    replacements.put(technique.id(), resolution.currentId());
                } else {
                    deprecated.add(technique.id());
                }
            } else if (technique.deprecated()) {
                deprecated.add(technique.id());
            }
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (ProcedureExample example : kb.procedureExamples()) {
            if (useSource.test(example.sourceStixId())) {
                uses.computeIfAbsent(example.sourceStixId(), k -> new TreeSet<>())
                        .add(example.techniqueId());
            }
        }
        List<AttackFacts.SoftwareFact> software = new ArrayList<>();
        for (AttackEntity entity : kb.entities()) {
            Set<String> used = uses.get(entity.stixId());
            if (entity.kind().isSoftware() && used != null) {
                List<String> names = new ArrayList<>();
                names.add(entity.name());
                names.addAll(entity.aliases());
                software.add(new AttackFacts.SoftwareFact(entity.attackId(), names, List.copyOf(used)));
            }
        }
        return new AttackFacts(kb.version(), techniques, replacements, deprecated, software);
    }

    private void addPositive(String text, int label, float weight, String origin) {
        String clean = text.strip();
        if (clean.length() < 3) {
            return;
        }
        Set<Integer> labels = positives.computeIfAbsent(clean, k -> new TreeSet<>());
        if (label >= 0) {
            labels.add(label);
        }
        weights.merge(clean, weight, Math::max);
        origins.putIfAbsent(clean, origin);
    }

    private void count(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    private void addProcedures(Random random) {
        Map<String, List<ProcedureExample>> heldOut = new TreeMap<>();
        for (ProcedureExample example : kb.procedureExamples()) {
            Integer label = index.get(example.techniqueId());
            if (label == null) {
                continue;
            }
            if (isValidationSource(example.sourceStixId())) {
                heldOut.computeIfAbsent(example.sourceStixId(), k -> new ArrayList<>())
                        .add(example);
                count("validation procedure examples");
            } else {
                addPositive(example.text(), label, 1f, "procedure");
                count("training procedure examples");
            }
        }
        // A held-out actor becomes one or more short pseudo-reports made of its procedure examples.
        for (List<ProcedureExample> examples : heldOut.values()) {
            Set<Integer> actorTechniques = new TreeSet<>();
            examples.forEach(example -> actorTechniques.add(index.get(example.techniqueId())));
            List<ProcedureExample> shuffled = new ArrayList<>(examples);
            shuffled.sort(java.util.Comparator.comparing(ProcedureExample::text));
            Collections.shuffle(shuffled, random);
            for (int from = 0; from < shuffled.size(); from += PROCEDURES_PER_DOCUMENT) {
                List<ProcedureExample> part =
                        shuffled.subList(from, Math.min(shuffled.size(), from + PROCEDURES_PER_DOCUMENT));
                StringBuilder text = new StringBuilder();
                Set<Integer> labels = new TreeSet<>();
                for (ProcedureExample example : part) {
                    text.append(example.text().strip()).append("\n\n");
                    labels.add(index.get(example.techniqueId()));
                }
                String body = text.toString().strip();
                Set<Integer> ignored = new TreeSet<>(actorTechniques);
                ignored.removeAll(labels);
                validation.add(new Document(
                        "procedures", part.get(0).sourceName(), body, splitter.split(body), labels, ignored));
            }
        }
    }

    private void addDescriptions() {
        for (Technique technique : kb.activeTechniques()) {
            int label = index.get(technique.id());
            List<Sentence> sentences = splitter.split(technique.description());
            int heldOut = sentences.size() >= 3 ? sentences.size() - 1 : -1;
            for (int i = 0; i < sentences.size(); i++) {
                String text = sentences.get(i).text();
                if (i == heldOut) {
                    Set<Integer> family = new TreeSet<>();
                    if (technique.parentId() != null) {
                        family.add(index.get(technique.parentId()));
                    }
                    technique.children().stream()
                            .map(index::get)
                            .filter(java.util.Objects::nonNull)
                            .forEach(family::add);
                    validation.add(new Document(
                            "description", technique.id(), text, splitter.split(text), Set.of(label), family));
                    count("validation description sentences");
                } else {
                    addPositive(text, label, 1f, "description");
                    count("training description sentences");
                }
            }
        }
    }

    private Set<String> heldOutProcedureShingles() {
        Set<String> shingles = new HashSet<>();
        for (Document document : validation) {
            if (document.kind().equals("procedures")) {
                shingles.addAll(shingles(document.text()));
            }
        }
        return shingles;
    }

    private static List<String> shingles(String text) {
        String[] words = text.toLowerCase(Locale.ROOT)
                .replaceAll("\\(citation:[^)]*\\)", " ")
                .split("[^\\p{L}\\p{N}]+");
        List<String> result = new ArrayList<>();
        for (int i = 0; i + 6 <= words.length; i++) {
            result.add(String.join(" ", java.util.Arrays.asList(words).subList(i, i + 6)));
        }
        return result;
    }

    private void addReports(Path tram) throws IOException {
        ObjectMapper json = new ObjectMapper();
        dev.attacktagger.classifier.aggregate.MentionFinder names =
                new dev.attacktagger.classifier.aggregate.MentionFinder(facts);
        List<JsonNode> reports = readLines(tram.resolve("train-reports.jsonl.gz"), json);
        Map<String, Boolean> reportSide = new LinkedHashMap<>();
        for (JsonNode report : reports) {
            String title = report.path("title").asText();
            String text = report.path("text").asText();
            boolean held = Splits.isValidation(Splits.titleKey(title), REPORT_PERCENT, SALT);
            reportSide.put(Splits.titleKey(title), held);
            List<Sentence> sentences = splitter.split(text);
            Set<Integer> labels = new TreeSet<>();
            List<Set<Integer>> sentenceLabels = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                sentenceLabels.add(new TreeSet<>());
            }
            report.path("techniques").fields().forEachRemaining(entry -> {
                Integer label = current(entry.getKey());
                if (label == null) {
                    return;
                }
                labels.add(label);
                for (JsonNode span : entry.getValue()) {
                    int start = span.get(0).asInt();
                    int end = span.get(1).asInt();
                    for (int i = 0; i < sentences.size(); i++) {
                        Sentence sentence = sentences.get(i);
                        int overlap = Math.min(end, sentence.end()) - Math.max(start, sentence.start());
                        int shorter = Math.min(end - start, sentence.end() - sentence.start());
                        if (overlap > 0 && overlap * 2 >= shorter) {
                            sentenceLabels.get(i).add(label);
                        }
                    }
                }
            });
            if (held) {
                validation.add(new Document("report", title, text, sentences, labels, Set.of()));
                count("validation reports");
            } else {
                count("training reports");
                trainingReports++;
                labels.forEach(label -> trainingReportCounts[label]++);
                boolean[] named = names.techniqueNames(text);
                for (int t = 0; t < named.length; t++) {
                    if (named[t]) {
                        namingReports[t]++;
                        if (labels.contains(t)) {
                            namingReportsAnnotated[t]++;
                        }
                    }
                }
                for (int i = 0; i < sentences.size(); i++) {
                    Set<Integer> sentenceLabel = sentenceLabels.get(i);
                    if (sentenceLabel.isEmpty()) {
                        addPositive(sentences.get(i).text(), -1, 1f, "report negative");
                        count("training report sentences without technique");
                    } else {
                        for (int label : sentenceLabel) {
                            addPositive(sentences.get(i).text(), label, 2f, "report span");
                        }
                        count("training report sentences with techniques");
                    }
                }
            }
        }
        for (JsonNode row : readLines(tram.resolve("train-sentences.jsonl.gz"), json)) {
            String text = row.path("text").asText();
            Integer label = current(row.path("label").asText());
            if (label == null) {
                continue;
            }
            Boolean held = sideOf(text, row.path("doc_title").asText(), reports, reportSide);
            if (held) {
                validationSentences.add(new LabelledSentence(text, label));
                count("validation TRAM sentences");
            } else {
                addPositive(text, label, 2f, "tram sentence");
                count("training TRAM sentences");
            }
        }
    }

    /** A TRAM sentence goes with the report whose text contains it; failing that, with its own title's side. */
    private static boolean sideOf(String text, String title, List<JsonNode> reports, Map<String, Boolean> reportSide) {
        Boolean side = reportSide.get(Splits.titleKey(title));
        if (side != null) {
            return side;
        }
        for (JsonNode report : reports) {
            if (report.path("text").asText().contains(text)) {
                return reportSide.get(Splits.titleKey(report.path("title").asText()));
            }
        }
        return Splits.isValidation(Splits.titleKey(title), REPORT_PERCENT, SALT);
    }

    private void addBootstrap(Path file, Set<String> heldOutShingles) throws IOException {
        for (JsonNode row : readLines(file, new ObjectMapper())) {
            String text = row.path("text")
                    .asText()
                    .replaceAll("\\(Citation:[^)]*\\)", "")
                    .strip();
            List<String> own = shingles(text);
            long seen = own.stream().filter(heldOutShingles::contains).count();
            if (!own.isEmpty() && seen * 2 >= own.size()) {
                count("bootstrap sentences dropped as held-out procedure text");
                continue;
            }
            for (JsonNode written : row.path("labels")) {
                Integer label = current(written.asText());
                if (label != null) {
                    addPositive(text, label, 1f, "bootstrap");
                }
            }
            count("training bootstrap sentences");
        }
    }

    private Integer current(String written) {
        Resolution resolution = kb.resolve(written);
        return resolution.currentId() == null ? null : index.get(resolution.currentId());
    }

    private void finish() {
        for (Map.Entry<String, Set<Integer>> entry : positives.entrySet()) {
            int[] labels = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            training.add(new Example(entry.getKey(), labels, weights.get(entry.getKey()), origins.get(entry.getKey())));
        }
        counts.put("distinct training texts", training.size());
        counts.put("validation documents", validation.size());
        counts.forEach((key, value) -> LOG.infof("%s: %d", key, value));
    }

    private static List<JsonNode> readLines(Path file, ObjectMapper json) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(json.readTree(line));
                }
            }
        }
        return rows;
    }
}
