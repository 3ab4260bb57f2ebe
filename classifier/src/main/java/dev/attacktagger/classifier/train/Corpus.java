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
 *
 * <p>For cross-validation the actors are also cut into {@value #FOLDS} folds by the same hash: fold 0 is the
 * validation split above, and each other fold's actors become pseudo-reports scored by a head trained without them
 * (and without fold 0), so that every actor's procedure examples are measured once by a head that never saw them.
 * The training TRAM reports are spread over folds 1 to {@value #FOLDS} - 1 the same way: each is scored by the head
 * trained without its fold, which gives the document model and the thresholds real reports beyond the validation
 * ones to be fitted on.
 */
final class Corpus {

    static final int REPORT_PERCENT = 30;
    static final int SOURCE_PERCENT = 20;
    /** Folds of actors for cross-validation; fold 0 is the validation split. */
    static final int FOLDS = 100 / SOURCE_PERCENT;

    private static final String SALT = "attack-tagger-split-1";
    private static final Set<String> TRAM_ORIGINS =
            Set.of("report negative", "report span", "tram sentence", "bootstrap");
    private static final int PROCEDURES_PER_DOCUMENT = 15;
    private static final Logger LOG = Logger.getLogger(Corpus.class);

    /**
     * One training sentence with its techniques (none for a negative).
     *
     * @param heldOutFolds bit {@code k} is set when the text comes from (or repeats) a procedure example of an actor in
     *     cross-validation fold {@code k}: the head measured on fold {@code k} must not train on it
     */
    record Example(String text, int[] labels, float weight, String origin, int heldOutFolds) {

        /** Whether the example comes from TRAM, annotated for {@link Corpus#tramTechniques} only. */
        boolean fromTram() {
            return TRAM_ORIGINS.contains(origin);
        }

        boolean usableWithout(int fold) {
            return (heldOutFolds & (1 << fold)) == 0;
        }
    }

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

    /** A technique name written in fewer procedure examples than this says too little about what it stands for. */
    static final int MIN_NAMING_EXAMPLES = 5;

    final AttackFacts facts;
    final AttackFacts validationFacts;
    final Map<String, Integer> index;
    final List<Example> training = new ArrayList<>();
    final List<Document> validation = new ArrayList<>();
    final List<LabelledSentence> validationSentences = new ArrayList<>();
    /** Per cross-validation fold (1 to {@value #FOLDS} - 1), the pseudo-reports of its actors; index 0 is empty. */
    final List<List<Document>> foldDocuments = new ArrayList<>();
    /**
     * The techniques the training TRAM data (reports, sentences, bootstrap sentences) is annotated with. TRAM was
     * annotated for a few dozen techniques only, so a TRAM sentence is known to describe none of these beyond its own
     * labels, while whether it describes any other technique is unknown (it often does: ransomware, PowerShell and many
     * more go unannotated there).
     */
    final Set<Integer> tramTechniques = new TreeSet<>();

    final Map<String, Integer> counts = new LinkedHashMap<>();
    /** A training TRAM report: its cross-validation fold, its techniques and the techniques whose names it writes. */
    private record TrainingReport(int fold, Set<Integer> labels, boolean[] named) {}

    private final List<TrainingReport> trainingReports = new ArrayList<>();
    /** Per technique, how many ATT&amp;CK procedure examples of actors outside the validation split it has. */
    private final int[] procedureCounts;

    private final AttackKnowledgeBase kb;
    private final SentenceSplitter splitter;
    private final Map<String, Set<Integer>> positives = new LinkedHashMap<>();
    private final Map<String, Float> weights = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Map<String, Integer> heldOutFolds = new LinkedHashMap<>();

    private Corpus(AttackKnowledgeBase kb, SentenceSplitter splitter) {
        this.kb = kb;
        this.splitter = splitter;
        this.facts = facts(kb, source -> true);
        this.validationFacts = facts(kb, source -> !isValidationSource(source));
        this.index = facts.indexById();
        this.procedureCounts = new int[facts.techniques().size()];
        for (int fold = 0; fold < FOLDS; fold++) {
            foldDocuments.add(new ArrayList<>());
        }
    }

    /**
     * Per technique, the smoothed share of training reports naming it that are annotated with it. The reports are
     * annotated for {@link #tramTechniques} only: for any other technique they cannot say, and it gets the share over
     * all those techniques together.
     */
    float[] nameReliability() {
        return nameReliability(0);
    }

    /** The same, without the training reports of one cross-validation fold (fold 0 has none). */
    float[] nameReliability(int withoutFold) {
        int techniques = facts.techniques().size();
        int[] naming = new int[techniques];
        int[] annotated = new int[techniques];
        for (TrainingReport report : trainingReports) {
            if (report.fold() == withoutFold) {
                continue;
            }
            for (int t = 0; t < techniques; t++) {
                if (report.named()[t]) {
                    naming[t]++;
                    if (report.labels().contains(t)) {
                        annotated[t]++;
                    }
                }
            }
        }
        int namingAll = 0;
        int annotatedAll = 0;
        for (int t : tramTechniques) {
            namingAll += naming[t];
            annotatedAll += annotated[t];
        }
        float pooled = (float) ((annotatedAll + 0.5) / (namingAll + 2.0));
        float[] reliability = new float[techniques];
        for (int t = 0; t < techniques; t++) {
            reliability[t] = tramTechniques.contains(t) ? (float) ((annotated[t] + 0.5) / (naming[t] + 2.0)) : pooled;
        }
        return reliability;
    }

    /**
     * Per technique, the smoothed log-odds of it being annotated in a training report. The reports are annotated for
     * {@link #tramTechniques} only; for any other technique the log-odds are predicted from how many ATT&amp;CK
     * procedure examples it has, by a least-squares line fitted on the annotated techniques (a technique that many
     * actors use is one that many reports describe).
     */
    float[] priors() {
        return priors(0);
    }

    /** The same, without the training reports of one cross-validation fold (fold 0 has none). */
    float[] priors(int withoutFold) {
        int[] carrying = new int[facts.techniques().size()];
        int reports = 0;
        for (TrainingReport report : trainingReports) {
            if (report.fold() != withoutFold) {
                reports++;
                report.labels().forEach(t -> carrying[t]++);
            }
        }
        float[] priors = new float[carrying.length];
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int t = 0; t < priors.length; t++) {
            double p = (carrying[t] + 0.5) / (reports + 1.0);
            priors[t] = (float) Math.log(p / (1 - p));
            if (tramTechniques.contains(t)) {
                double x = Math.log1p(procedureCounts[t]);
                n++;
                sx += x;
                sy += priors[t];
                sxx += x * x;
                sxy += x * priors[t];
            }
        }
        double slope = n > 1 && n * sxx - sx * sx > 0 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;
        double intercept = n > 0 ? (sy - slope * sx) / n : 0;
        for (int t = 0; t < priors.length; t++) {
            if (!tramTechniques.contains(t)) {
                priors[t] = (float) (intercept + slope * Math.log1p(procedureCounts[t]));
            }
        }
        return priors;
    }

    /** The cross-validation fold (1 to {@value #FOLDS} - 1) of a training report, by a hash of its title. */
    static int reportFold(String title) {
        return 1 + Splits.bucket(Splits.titleKey(title), SALT + "-folds") % (FOLDS - 1);
    }

    static boolean isValidationSource(String stixId) {
        return Splits.isValidation(stixId, SOURCE_PERCENT, SALT);
    }

    /** The actor's cross-validation fold; fold 0 holds exactly the validation actors. */
    static int foldOf(String stixId) {
        return Splits.bucket(stixId, SALT) / SOURCE_PERCENT;
    }

    static Corpus build(Path data, AttackKnowledgeBase kb, SentenceSplitter splitter, long seed) throws IOException {
        return build(data, kb, splitter, seed, true);
    }

    /**
     * @param nameLabels whether TRAM's sentences are also labelled with the techniques they name (see {@link
     *     #labelByNames})
     */
    static Corpus build(Path data, AttackKnowledgeBase kb, SentenceSplitter splitter, long seed, boolean nameLabels)
            throws IOException {
        Corpus corpus = new Corpus(kb, splitter);
        corpus.addProcedures(new Random(seed), new Random(seed + 1));
        corpus.addDescriptions();
        corpus.addReports(data.resolve("tram"));
        List<Set<String>> foldShingles = corpus.foldShingles();
        corpus.addBootstrap(data.resolve("tram/bootstrap-sentences.jsonl.gz"), foldShingles);
        corpus.finish(nameLabels);
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

    private void addProcedures(Random random, Random foldRandom) {
        Map<String, List<ProcedureExample>> heldOut = new TreeMap<>();
        Map<String, List<ProcedureExample>> otherFolds = new TreeMap<>();
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
                heldOutFolds.merge(example.text().strip(), 1 << foldOf(example.sourceStixId()), (a, b) -> a | b);
                otherFolds
                        .computeIfAbsent(example.sourceStixId(), k -> new ArrayList<>())
                        .add(example);
                count("training procedure examples");
            }
        }
        // A held-out actor becomes one or more short pseudo-reports made of its procedure examples.
        for (List<ProcedureExample> examples : heldOut.values()) {
            validation.addAll(pseudoReports(examples, random));
        }
        // So does every training actor, for the head that is trained without its fold.
        for (Map.Entry<String, List<ProcedureExample>> actor : otherFolds.entrySet()) {
            List<Document> documents = pseudoReports(actor.getValue(), foldRandom);
            foldDocuments.get(foldOf(actor.getKey())).addAll(documents);
            counts.merge("cross-validation pseudo-reports", documents.size(), Integer::sum);
        }
    }

    /** One actor's procedure examples in shuffled pseudo-reports of up to {@value #PROCEDURES_PER_DOCUMENT} each. */
    private List<Document> pseudoReports(List<ProcedureExample> examples, Random random) {
        Set<Integer> actorTechniques = new TreeSet<>();
        examples.forEach(example -> actorTechniques.add(index.get(example.techniqueId())));
        List<ProcedureExample> shuffled = new ArrayList<>(examples);
        shuffled.sort(java.util.Comparator.comparing(ProcedureExample::text));
        Collections.shuffle(shuffled, random);
        List<Document> documents = new ArrayList<>();
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
            documents.add(
                    new Document("procedures", part.get(0).sourceName(), body, splitter.split(body), labels, ignored));
        }
        return documents;
    }

    private void addDescriptions() {
        for (Technique technique : kb.activeTechniques()) {
            int label = index.get(technique.id());
            List<Sentence> sentences = splitter.split(technique.description());
            int heldOut = sentences.size() >= 3 ? sentences.size() - 1 : -1;
            Set<Integer> family = new TreeSet<>();
            if (technique.parentId() != null) {
                family.add(index.get(technique.parentId()));
            }
            technique.children().stream()
                    .map(index::get)
                    .filter(java.util.Objects::nonNull)
                    .forEach(family::add);
            for (int i = 0; i < sentences.size(); i++) {
                String text = sentences.get(i).text();
                Document document =
                        new Document("description", technique.id(), text, splitter.split(text), Set.of(label), family);
                if (i == heldOut) {
                    validation.add(document);
                    count("validation description sentences");
                } else {
                    addPositive(text, label, 1f, "description");
                    count("training description sentences");
                    // Cross-validation fold k also holds out the k-th sentence of a description that has one to spare.
                    int fold = i + 1;
                    if (heldOut >= 0 && fold < FOLDS) {
                        foldDocuments.get(fold).add(document);
                        heldOutFolds.merge(text.strip(), 1 << fold, (a, b) -> a | b);
                        count("cross-validation description sentences");
                    }
                }
            }
        }
    }

    /**
     * Per fold, the word 6-grams of its actors' procedure examples and of its reports (fold 0: the validation actors'
     * and the validation reports').
     */
    private List<Set<String>> foldShingles() {
        List<Set<String>> shingles = new ArrayList<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            Set<String> own = new HashSet<>();
            List<Document> documents = fold == 0 ? validation : foldDocuments.get(fold);
            for (Document document : documents) {
                if (!document.kind().equals("description")) {
                    own.addAll(shingles(document.text()));
                }
            }
            shingles.add(own);
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
        for (JsonNode report : reports) {
            String title = report.path("title").asText();
            String text = report.path("text").asText();
            boolean held = Splits.isValidation(Splits.titleKey(title), REPORT_PERCENT, SALT);
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
                int fold = reportFold(title);
                trainingReports.add(new TrainingReport(fold, labels, names.techniqueNames(text)));
                tramTechniques.addAll(labels);
                foldDocuments.get(fold).add(new Document("training report", title, text, sentences, labels, Set.of()));
                for (int i = 0; i < sentences.size(); i++) {
                    heldOutFolds.merge(sentences.get(i).text().strip(), 1 << fold, (a, b) -> a | b);
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
            String title = reportOf(text, row.path("doc_title").asText(), reports);
            if (Splits.isValidation(Splits.titleKey(title), REPORT_PERCENT, SALT)) {
                validationSentences.add(new LabelledSentence(text, label));
                count("validation TRAM sentences");
            } else {
                addPositive(text, label, 2f, "tram sentence");
                tramTechniques.add(label);
                heldOutFolds.merge(text.strip(), 1 << reportFold(title), (a, b) -> a | b);
                count("training TRAM sentences");
            }
        }
    }

    /**
     * The title a TRAM sentence is cut by: its report's when a report has its title, else that of the report whose text
     * contains it, else its own.
     */
    private static String reportOf(String text, String title, List<JsonNode> reports) {
        String key = Splits.titleKey(title);
        for (JsonNode report : reports) {
            if (Splits.titleKey(report.path("title").asText()).equals(key)) {
                return title;
            }
        }
        for (JsonNode report : reports) {
            if (report.path("text").asText().contains(text)) {
                return report.path("title").asText();
            }
        }
        return title;
    }

    private void addBootstrap(Path file, List<Set<String>> foldShingles) throws IOException {
        for (JsonNode row : readLines(file, new ObjectMapper())) {
            String text = row.path("text")
                    .asText()
                    .replaceAll("\\(Citation:[^)]*\\)", "")
                    .strip();
            List<String> own = shingles(text);
            if (repeats(own, foldShingles.get(0))) {
                count("bootstrap sentences dropped as held-out procedure text");
                continue;
            }
            int folds = 0;
            for (int fold = 1; fold < FOLDS; fold++) {
                if (repeats(own, foldShingles.get(fold))) {
                    folds |= 1 << fold;
                }
            }
            if (folds != 0) {
                heldOutFolds.merge(text, folds, (a, b) -> a | b);
            }
            for (JsonNode written : row.path("labels")) {
                Integer label = current(written.asText());
                if (label != null) {
                    addPositive(text, label, 1f, "bootstrap");
                    tramTechniques.add(label);
                }
            }
            count("training bootstrap sentences");
        }
    }

    /** Whether at least half of a text's word 6-grams are among these. */
    private static boolean repeats(List<String> own, Set<String> shingles) {
        long seen = own.stream().filter(shingles::contains).count();
        return !own.isEmpty() && seen * 2 >= own.size();
    }

    private Integer current(String written) {
        Resolution resolution = kb.resolve(written);
        return resolution.currentId() == null ? null : index.get(resolution.currentId());
    }

    private void finish(boolean nameLabels) {
        // TRAM's reports are annotated for TRAM's techniques only: whether one describes any other technique is not
        // known, so those techniques are neither right nor wrong in a report.
        Set<Integer> unannotated = new TreeSet<>();
        for (int t = 0; t < facts.techniques().size(); t++) {
            if (!tramTechniques.contains(t)) {
                unannotated.add(t);
            }
        }
        validation.replaceAll(document -> withUnannotated(document, unannotated));
        foldDocuments.forEach(documents -> documents.replaceAll(document -> withUnannotated(document, unannotated)));
        for (ProcedureExample example : kb.procedureExamples()) {
            Integer t = index.get(example.techniqueId());
            if (t != null && !isValidationSource(example.sourceStixId())) {
                procedureCounts[t]++;
            }
        }
        if (nameLabels) {
            labelByNames();
        }
        for (Map.Entry<String, Set<Integer>> entry : positives.entrySet()) {
            int[] labels = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            training.add(new Example(
                    entry.getKey(),
                    labels,
                    weights.get(entry.getKey()),
                    origins.get(entry.getKey()),
                    heldOutFolds.getOrDefault(entry.getKey(), 0)));
        }
        counts.put("distinct training texts", training.size());
        counts.put("validation documents", validation.size());
        counts.forEach((key, value) -> LOG.infof("%s: %d", key, value));
    }

    /**
     * TRAM's annotators looked for TRAM's techniques only, so a TRAM sentence that says "PowerShell" carries no
     * PowerShell label, and without one it would teach the head and the tuned encoder that such sentences are not
     * PowerShell. A TRAM training sentence that names another technique is therefore labelled with it too, when that
     * name, written in ATT&amp;CK's own procedure examples (outside the validation actors), stands for that technique
     * more often than not: "PowerShell", "rundll32" or "web shell" do, "malware", "server" or "DLL" do not.
     */
    private void labelByNames() {
        dev.attacktagger.classifier.aggregate.MentionFinder finder =
                new dev.attacktagger.classifier.aggregate.MentionFinder(facts);
        Map<String, Set<Integer>> procedures = new TreeMap<>();
        for (ProcedureExample example : kb.procedureExamples()) {
            Integer t = index.get(example.techniqueId());
            if (t != null && !isValidationSource(example.sourceStixId())) {
                procedures
                        .computeIfAbsent(example.text().strip(), k -> new TreeSet<>())
                        .add(t);
            }
        }
        int techniques = facts.techniques().size();
        int[] naming = new int[techniques];
        int[] meaning = new int[techniques];
        for (Map.Entry<String, Set<Integer>> procedure : procedures.entrySet()) {
            boolean[] named = finder.techniqueNames(procedure.getKey());
            for (int t = 0; t < techniques; t++) {
                if (named[t]) {
                    naming[t]++;
                    meaning[t] += procedure.getValue().contains(t) ? 1 : 0;
                }
            }
        }
        boolean[] telling = new boolean[techniques];
        for (int t = 0; t < techniques; t++) {
            telling[t] = !tramTechniques.contains(t) && naming[t] >= MIN_NAMING_EXAMPLES && meaning[t] * 2 >= naming[t];
        }
        for (Map.Entry<String, Set<Integer>> entry : positives.entrySet()) {
            if (!TRAM_ORIGINS.contains(origins.get(entry.getKey()))) {
                continue;
            }
            boolean[] named = finder.techniqueNames(entry.getKey());
            boolean labelled = false;
            for (int t = 0; t < techniques; t++) {
                if (named[t] && telling[t]) {
                    labelled |= entry.getValue().add(t);
                }
            }
            if (labelled) {
                count("TRAM sentences also labelled by a technique name");
            }
        }
    }

    private static Document withUnannotated(Document document, Set<Integer> unannotated) {
        if (!document.kind().endsWith("report")) {
            return document;
        }
        Set<Integer> ignored = new TreeSet<>(document.ignored());
        ignored.addAll(unannotated);
        ignored.removeAll(document.labels());
        return new Document(
                document.kind(), document.title(), document.text(), document.sentences(), document.labels(), ignored);
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
