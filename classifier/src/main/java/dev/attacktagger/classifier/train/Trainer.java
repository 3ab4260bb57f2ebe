package dev.attacktagger.classifier.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.attacktagger.classifier.EncoderSettings;
import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classifier.aggregate.Clauses;
import dev.attacktagger.classifier.aggregate.DocumentAnalyzer;
import dev.attacktagger.classifier.aggregate.DocumentFeatures;
import dev.attacktagger.classifier.encoder.EncoderSpec;
import dev.attacktagger.classifier.encoder.EncoderWeights;
import dev.attacktagger.classifier.encoder.OnnxSentenceEncoder;
import dev.attacktagger.classifier.head.NeighbourVotes;
import dev.attacktagger.classifier.head.OnnxHeadWriter;
import dev.attacktagger.classifier.head.SentenceHead;
import dev.attacktagger.classifier.model.Aggregation;
import dev.attacktagger.classifier.model.AttackFacts;
import dev.attacktagger.classifier.model.ModelFolder;
import dev.attacktagger.classifier.text.Sentence;
import dev.attacktagger.classifier.text.SentenceSplitter;
import dev.attacktagger.kb.AttackKnowledgeBase;

/**
 * Builds a released model folder from the ATT&amp;CK bundle and the TRAM corpus, deterministically for a seed.
 *
 * <pre>
 * Trainer --data DIR --out DIR [--cache DIR] [--encoder ID] [--seed N] [--epochs N] [--hidden N] [--reuse-head DIR]
 *         [--folds true|false] [--reuse-folds] [--name-labels true|false] [--drop-features A,B]
 *         [--standardize none|center|scale] [--clauses true|false]
 *         [--neighbours K] [--neighbour-weight W] [--neighbour-sharpness S]
 *         [--tune-layers K [--tune-epochs N] [--tune-rate X] [--tune-head-rate X] [--tune-keep X] [--tune-alongside true]]
 * </pre>
 *
 * <p>Stages: cut the data (see {@link Corpus}); with {@code --tune-layers}, fine-tune the encoder's top layers (see
 * {@link EncoderTuner}); encode every distinct sentence once (cached on disk); train the head
 * and export it as ONNX, checking that ONNX Runtime reproduces the trainer's numbers; score the validation documents
 * through ONNX Runtime; train one more head per cross-validation fold of the training actors and score that fold's
 * pseudo-reports with it (with a tuned encoder, through an encoder tuned without that fold, so that no fold is scored
 * by an encoder that saw it); fit the document-level model and the per-technique thresholds on the scored documents;
 * measure with cross-fitting so that no figure is measured on the documents it was tuned on; write the folder and its
 * card.
 */
public final class Trainer {

    private static final Logger LOG = Logger.getLogger(Trainer.class);

    /**
     * The least confidence of an id written in the text is the share of written ids that the fitted reports annotate,
     * rounded down to this step: an id in a report's table of techniques is not always a technique the report
     * describes.
     */
    private static final double EXPLICIT_CONFIDENCE_STEP = 0.05;

    static final int MIN_SUPPORT = 2;

    /** How much a row of a pseudo-document counts in the document model, against 1 for a real report. */
    static final double PSEUDO_DOCUMENT_WEIGHT = 0.25;

    static final double MIN_PRECISION = 0.5;

    /**
     * The precision bar where pseudo-reports decide. Their labels are incomplete: a group's procedure examples often
     * describe what its software does, which ATT&amp;CK maps to the software and not to the group, so a part of their
     * "false positives" is right. The bar is lower by that much.
     */
    static final double MIN_PSEUDO_PRECISION = 0.4;

    /**
     * With a tuned encoder, the cross-validation folds get encoders tuned without them, one for each this many folds:
     * fewer tunings than one per fold, at the price of training the fold heads on encoders that saw a little less.
     */
    static final int FOLDS_PER_TUNING = 2;

    /**
     * The document features the document model does not read (`--drop-features a,b`), to measure what each is worth:
     * their columns are zero when it is fitted, and the model card does not list them.
     */
    private static Set<String> droppedFeatures = Set.of();

    /** Whether long sentences of documents are also scored clause by clause (`--clauses true`), see {@link Clauses}. */
    private static boolean clauses = false;

    /** How many annotated report sentences vote beside the head by default ({@code --neighbours}). */
    static final int NEIGHBOURS = 20;

    static final double NEIGHBOUR_SHARPNESS = 20;

    static final double NEIGHBOUR_WEIGHT = 1.0;

    private Trainer() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        Path data = Path.of(options.getOrDefault("data", "../shared/data"));
        Path out = Path.of(options.getOrDefault("out", "models/default"));
        Path cache = Path.of(options.getOrDefault("cache", "classifier/target/embedding-cache"));
        String encoderId = options.getOrDefault("encoder", EncoderSpec.E5_SMALL_V2_Q.id());
        long seed = Long.parseLong(options.getOrDefault("seed", "17"));
        int epochs = Integer.parseInt(options.getOrDefault("epochs", "20"));
        int hidden = Integer.parseInt(options.getOrDefault("hidden", "1024"));
        HeadTrainer.Standardization standardize = HeadTrainer.Standardization.named(
                        options.getOrDefault("standardize", "center"))
                .orElseThrow(() -> new IllegalArgumentException(
                        "--standardize is none, center or scale, not " + options.get("standardize")));
        String modelId = options.getOrDefault("id", "attack-tagger-2026.12");
        boolean crossValidate = Boolean.parseBoolean(options.getOrDefault("folds", "true"));
        clauses = Boolean.parseBoolean(options.getOrDefault("clauses", "false"));
        droppedFeatures = Set.of(options.getOrDefault("drop-features", "").split(",")).stream()
                .filter(name -> !name.isBlank())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        if (!DocumentFeatures.NAMES.containsAll(droppedFeatures)) {
            throw new IllegalArgumentException(
                    "--drop-features names " + droppedFeatures + "; the features are " + DocumentFeatures.NAMES);
        }
        long started = System.nanoTime();

        AttackKnowledgeBase kb = AttackKnowledgeBase.load(data.resolve("attack/enterprise-attack-18.1.json.gz"));
        SentenceSplitter splitter = new SentenceSplitter();
        boolean nameLabels = Boolean.parseBoolean(options.getOrDefault("name-labels", "true"));
        Corpus corpus = Corpus.build(data, kb, splitter, seed, nameLabels);
        int techniques = corpus.facts.techniques().size();
        EncoderSpec spec = EncoderSpec.byId(encoderId)
                .orElseThrow(() -> new IllegalArgumentException("unknown encoder " + encoderId));
        int batchSize = OnnxSentenceEncoder.batchSize(OnnxSentenceEncoder.graph(spec));

        // Encode every distinct sentence once.
        List<String> trainingTexts =
                corpus.training.stream().map(Corpus.Example::text).toList();
        int threads = Runtime.getRuntime().availableProcessors();
        int tuneLayers = Integer.parseInt(options.getOrDefault("tune-layers", "0"));
        Map<String, float[]> encoderWeights = Map.of();
        Map<String, Object> encoderTuning = new LinkedHashMap<>();
        EncoderTuner tuner = null;
        if (tuneLayers > 0) {
            EncoderTuner.Settings tuning = new EncoderTuner.Settings(
                    tuneLayers,
                    Integer.parseInt(options.getOrDefault("tune-epochs", "3")),
                    32,
                    Double.parseDouble(options.getOrDefault("tune-rate", "1e-4")),
                    Double.parseDouble(options.getOrDefault("tune-head-rate", "2e-3")),
                    seed,
                    Double.parseDouble(options.getOrDefault("tune-keep", "0")));
            tuner = new EncoderTuner(spec, tuning, threads);
            encoderWeights = tuned(tuner, corpus.training, corpus, cache);
            encoderTuning.put("file", EncoderWeights.FILE);
            encoderTuning.put("layers", tuning.layers());
            encoderTuning.put("epochs", tuning.epochs());
            encoderTuning.put("learningRate", tuning.learningRate());
            encoderTuning.put("headLearningRate", tuning.headLearningRate());
            if (tuning.keep() > 0) {
                encoderTuning.put("keep", tuning.keep());
            }
            encoderTuning.put("digest", EncoderWeights.digest(encoderWeights));
            Files.createDirectories(out);
            EncoderWeights.write(out.resolve(EncoderWeights.FILE), encoderWeights);
            LOG.infof("encoder tuned after %.0f s", (System.nanoTime() - started) / 1e9);
        } else {
            // A model trained on the shipped encoder must not pick up the tuned weights of an earlier run.
            Files.deleteIfExists(out.resolve(EncoderWeights.FILE));
        }
        // With --tune-alongside, the tuned top layers run beside the shipped ones and the head reads both sentence
        // vectors, one after the other.
        boolean alongside = Boolean.parseBoolean(options.getOrDefault("tune-alongside", "false"));
        if (alongside && tuner == null) {
            throw new IllegalArgumentException(
                    "--tune-alongside needs --tune-layers K: there are no tuned layers to run");
        }
        if (alongside) {
            encoderTuning.put("alongside", true);
        }
        String cacheName = cacheName(spec, batchSize, encoderWeights);
        List<Corpus.Document> encodedDocuments = new ArrayList<>(corpus.validation);
        if (crossValidate && tuner == null) {
            corpus.foldDocuments.forEach(encodedDocuments::addAll);
        }
        Encoded shipped = null;
        if (alongside) {
            List<Corpus.Document> shippedDocuments = new ArrayList<>(corpus.validation);
            if (crossValidate) {
                corpus.foldDocuments.forEach(shippedDocuments::addAll);
            }
            shipped = encode(
                    spec,
                    Map.of(),
                    cache.resolve(spec.id() + ".bin"),
                    trainingTexts,
                    shippedDocuments,
                    corpus.validationSentences.stream()
                            .map(Corpus.LabelledSentence::text)
                            .toList(),
                    threads);
        }
        Encoded tunedOrShipped = encode(
                spec,
                encoderWeights,
                cache.resolve(cacheName + ".bin"),
                trainingTexts,
                encodedDocuments,
                corpus.validationSentences.stream()
                        .map(Corpus.LabelledSentence::text)
                        .toList(),
                threads);
        Encoded encoded = alongside ? shipped.followedBy(tunedOrShipped) : tunedOrShipped;
        float[][] x = encoded.training();
        Map<Corpus.Document, float[][]> documentVectors = new LinkedHashMap<>();
        corpus.validation.forEach(
                document -> documentVectors.put(document, encoded.documents().get(document)));
        float[][] sentenceVectors = encoded.extra();
        FoldEncoding[] byFold = new FoldEncoding[Corpus.FOLDS];
        if (crossValidate) {
            if (tuner == null) {
                for (int fold = 1; fold < Corpus.FOLDS; fold++) {
                    byFold[fold] = new FoldEncoding(x, encoded.documents(), cacheName);
                }
            } else {
                // A tuned encoder has seen every training sentence, the folds' held-out ones included, so the
                // cross-validation heads work with encoders tuned without their folds: one per pair of folds.
                for (int first = 1; first < Corpus.FOLDS; first += FOLDS_PER_TUNING) {
                    List<Integer> group = new ArrayList<>();
                    for (int fold = first; fold < Math.min(Corpus.FOLDS, first + FOLDS_PER_TUNING); fold++) {
                        group.add(fold);
                    }
                    List<Corpus.Example> usable = corpus.training.stream()
                            .filter(example -> group.stream().allMatch(example::usableWithout))
                            .toList();
                    Map<String, float[]> groupWeights = tuned(tuner, usable, corpus, cache);
                    String groupCache = cacheName(spec, batchSize, groupWeights);
                    List<Corpus.Document> groupDocuments = new ArrayList<>();
                    group.forEach(fold -> groupDocuments.addAll(corpus.foldDocuments.get(fold)));
                    Encoded groupEncoded = encode(
                            spec,
                            groupWeights,
                            cache.resolve(groupCache + ".bin"),
                            trainingTexts,
                            groupDocuments,
                            List.of(),
                            threads);
                    if (alongside) {
                        groupEncoded = shipped.followedBy(groupEncoded);
                        groupCache = groupCache + "-alongside";
                    }
                    for (int fold : group) {
                        byFold[fold] = new FoldEncoding(groupEncoded.training(), groupEncoded.documents(), groupCache);
                    }
                    LOG.infof(
                            "encoder tuned without folds %s on %d of %d texts after %.0f s",
                            group, usable.size(), trainingTexts.size(), (System.nanoTime() - started) / 1e9);
                }
            }
        }
        LOG.infof("encoding done after %.0f s", (System.nanoTime() - started) / 1e9);

        // Train the head and export it.
        int[][] labels = corpus.training.stream().map(Corpus.Example::labels).toArray(int[][]::new);
        float[] weights = new float[corpus.training.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = corpus.training.get(i).weight();
        }
        HeadTrainer.Settings settings =
                new HeadTrainer.Settings(hidden, epochs, 256, hidden > 0 ? 0.002 : 0.01, 1e-4, 3.0, seed, standardize);
        List<OnnxHeadWriter.Dense> layers;
        byte[] headBytes;
        Map<String, Object> headInfo;
        if (options.containsKey("reuse-head")) {
            // Iterating on the document model only: take the head of an earlier run instead of training it again.
            Path earlier = Path.of(options.get("reuse-head"));
            headBytes = Files.readAllBytes(earlier.resolve(ModelFolder.HEAD));
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            headInfo = json.convertValue(
                    json.readTree(earlier.resolve(ModelFolder.CARD).toFile()).path("head"),
                    new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
            layers = null;
        } else {
            layers = new HeadTrainer(settings, threads).train(x, labels, weights, techniques);
            headBytes = OnnxHeadWriter.encode(layers, modelId);
            headInfo = new LinkedHashMap<>();
            headInfo.put("file", ModelFolder.HEAD);
            headInfo.put(
                    "layers",
                    layers.stream().map(l -> l.inputs() + "x" + l.outputs()).toList());
            headInfo.put("epochs", settings.epochs());
            headInfo.put("learningRate", settings.learningRate());
            headInfo.put("positiveWeight", settings.positiveWeight());
            headInfo.put("seed", settings.seed());
            if (settings.standardize() != HeadTrainer.Standardization.NONE) {
                headInfo.put("inputs", settings.standardize().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        LOG.infof("head ready after %.0f s", (System.nanoTime() - started) / 1e9);

        // The annotated report sentences that vote beside the head (--neighbours K, 0 for none): for the released model
        // all of them, for a cross-validation head those its fold may train on.
        NeighbourVotes.Settings neighbourSettings = neighbourSettings(options);
        NeighbourVotes[] neighbours = new NeighbourVotes[Corpus.FOLDS];
        if (neighbourSettings != null) {
            for (int fold = 0; fold < Corpus.FOLDS; fold++) {
                if (fold == 0 || crossValidate) {
                    neighbours[fold] = neighbours(
                            corpus,
                            fold == 0 ? x : byFold[fold].training(),
                            fold,
                            neighbourSettings,
                            techniques,
                            threads);
                }
            }
            LOG.infof("%d annotated report sentences vote as neighbours", neighbours[0].size());
        }

        List<Scoring> crossValidated = new ArrayList<>();
        if (crossValidate) {
            // While iterating on the document model, --reuse-folds takes the fold heads of an earlier run with the same
            // settings from the cache folder instead of training them again.
            Path foldHeads = options.containsKey("reuse-folds") ? cache.resolve("fold-heads") : null;
            crossValidated =
                    crossValidate(corpus, kb, labels, weights, settings, threads, byFold, foldHeads, neighbours);
            LOG.infof("cross-validation heads done after %.0f s", (System.nanoTime() - started) / 1e9);
        }

        try (SentenceHead head = SentenceHead.load(headBytes, threads, "the trained head")) {
            if (layers != null) {
                checkExport(head, layers, x);
            }
            Evaluation evaluation =
                    evaluate(corpus, head, neighbours[0], documentVectors, sentenceVectors, crossValidated);
            write(out, modelId, spec, batchSize, corpus, headBytes, evaluation, headInfo, encoderTuning, neighbours[0]);
            Files.deleteIfExists(out.resolve(NeighbourVotes.FILE));
            if (neighbours[0] != null) {
                neighbours[0].write(out.resolve(NeighbourVotes.FILE));
            }
            evaluation.print(System.out);
        }
        for (NeighbourVotes votes : neighbours) {
            if (votes != null) {
                votes.close();
            }
        }
        LOG.infof("training finished after %.0f s", (System.nanoTime() - started) / 1e9);
    }

    /** The neighbour settings asked for, or null with {@code --neighbours 0}. */
    private static NeighbourVotes.Settings neighbourSettings(Map<String, String> options) {
        int k = Integer.parseInt(options.getOrDefault("neighbours", String.valueOf(NEIGHBOURS)));
        if (k == 0) {
            return null;
        }
        return new NeighbourVotes.Settings(
                k,
                Double.parseDouble(options.getOrDefault("neighbour-sharpness", String.valueOf(NEIGHBOUR_SHARPNESS))),
                Double.parseDouble(options.getOrDefault("neighbour-weight", String.valueOf(NEIGHBOUR_WEIGHT))));
    }

    /**
     * The annotated TRAM sentences (sentences of the training reports, TRAM's own sentences and its bootstrap
     * sentences, with their techniques) as neighbours, leaving out those the head of {@code fold} may not train on.
     */
    private static NeighbourVotes neighbours(
            Corpus corpus, float[][] x, int fold, NeighbourVotes.Settings settings, int techniques, int threads) {
        List<float[]> vectors = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < corpus.training.size(); i++) {
            Corpus.Example example = corpus.training.get(i);
            if (example.fromTram() && example.labels().length > 0 && (fold == 0 || example.usableWithout(fold))) {
                vectors.add(x[i]);
                labels.add(example.labels());
            }
        }
        return NeighbourVotes.of(vectors, labels, techniques, settings, threads);
    }

    /**
     * The encoder weights tuned on these examples, from the cache folder when a run with the same settings and the same
     * examples stored them (seeded, so what tuning again would give up to PyTorch's rounding), else tuned now
     * and stored there.
     */
    private static Map<String, float[]> tuned(
            EncoderTuner tuner, List<Corpus.Example> examples, Corpus corpus, Path cache) throws Exception {
        long digest = digest(tuner.key().hashCode() * 31L + corpus.tramTechniques.hashCode(), examples);
        Path file = cache.resolve("tuned-encoders").resolve(Long.toHexString(digest) + ".bin");
        if (Files.exists(file)) {
            LOG.infof("encoder tuning: taken from %s, stored by an earlier run with the same settings and data", file);
            return EncoderWeights.read(file);
        }
        Map<String, float[]> weights =
                tuner.tune(examples, corpus.facts.techniques().size(), corpus.tramTechniques, Corpus.Example::fromTram);
        Files.createDirectories(file.getParent());
        EncoderWeights.write(file, weights);
        return weights;
    }

    /** A digest of training examples (text, labels, weight, source), for the names of cached results built from them. */
    private static long digest(long start, List<Corpus.Example> examples) {
        long digest = start;
        for (Corpus.Example example : examples) {
            digest = digest * 31 + example.text().hashCode();
            digest = digest * 31 + java.util.Arrays.hashCode(example.labels());
            digest = digest * 31 + Float.hashCode(example.weight());
            digest = digest * 31 + Boolean.hashCode(example.fromTram());
        }
        return digest;
    }

    /** The name the vectors of an encoder are cached under: the tuned weights' digest tells tuned encoders apart. */
    private static String cacheName(EncoderSpec spec, int batchSize, Map<String, float[]> weights) {
        // Vectors of a graph that runs one sentence at a time differ from those it gave in batches: keep them apart.
        String encoder = batchSize == 1 ? spec.id() + "-one-by-one" : spec.id();
        return weights.isEmpty() ? encoder : encoder + "-tuned-" + EncoderWeights.digest(weights);
    }

    /** Sentence vectors of the training texts, of each document's sentences, and of some further texts. */
    record Encoded(float[][] training, Map<Corpus.Document, float[][]> documents, float[][] extra) {

        /**
         * Each of these vectors followed by the vector of the same text in {@code next}, for the documents and
         * further texts {@code next} holds.
         */
        Encoded followedBy(Encoded next) {
            Map<Corpus.Document, float[][]> joined = new LinkedHashMap<>();
            next.documents.forEach((document, vectors) -> joined.put(document, join(documents.get(document), vectors)));
            return new Encoded(
                    join(training, next.training),
                    joined,
                    next.extra.length == 0 ? next.extra : join(extra, next.extra));
        }

        private static float[][] join(float[][] first, float[][] second) {
            if (first == null || first.length != second.length) {
                throw new IllegalStateException("the two encodings do not cover the same texts");
            }
            float[][] joined = new float[first.length][];
            for (int i = 0; i < first.length; i++) {
                joined[i] = java.util.Arrays.copyOf(first[i], first[i].length + second[i].length);
                System.arraycopy(second[i], 0, joined[i], first[i].length, second[i].length);
            }
            return joined;
        }
    }

    /** The vectors the cross-validation head of a fold trains on and scores with, and the cache they are kept under. */
    record FoldEncoding(float[][] training, Map<Corpus.Document, float[][]> documents, String cacheName) {}

    private static Encoded encode(
            EncoderSpec spec,
            Map<String, float[]> weights,
            Path cacheFile,
            List<String> trainingTexts,
            List<Corpus.Document> documents,
            List<String> extra,
            int threads)
            throws IOException {
        try (OnnxSentenceEncoder encoder =
                OnnxSentenceEncoder.open(spec, new EncoderSettings("cpu", threads, 1), weights)) {
            EmbeddingCache embeddings = EmbeddingCache.open(cacheFile, spec.dimension());
            // One pass over everything first, so that the encoder sees long batches of new sentences.
            List<String> all = new ArrayList<>(trainingTexts);
            documents.forEach(document -> all.addAll(documentTexts(document)));
            all.addAll(extra);
            embeddings.vectors(all, encoder);
            Map<Corpus.Document, float[][]> byDocument = new LinkedHashMap<>();
            for (Corpus.Document document : documents) {
                byDocument.put(document, embeddings.vectors(documentTexts(document), encoder));
            }
            return new Encoded(
                    embeddings.vectors(trainingTexts, encoder), byDocument, embeddings.vectors(extra, encoder));
        }
    }

    /** The texts of a document that are encoded and scored: its sentences, and their clauses with `--clauses true`. */
    private static List<String> documentTexts(Corpus.Document document) {
        return clauses
                ? Clauses.texts(document.sentences())
                : document.sentences().stream().map(Sentence::text).toList();
    }

    /** One row of scores per sentence of the document, from the scores of {@link #documentTexts}. */
    private static float[][] sentenceScores(Corpus.Document document, float[][] textScores) {
        return clauses ? Clauses.merge(document.sentences(), textScores) : textScores;
    }

    /** A validation document with its per-technique document features and the technique ids written in it. */
    record Scoring(Corpus.Document document, float[][] features, boolean[] explicit) {}

    private static Scoring scoring(Corpus.Document document, DocumentAnalyzer analyzer, float[][] sentenceScores) {
        DocumentAnalyzer.Analysis analysis = analyzer.analyze(document.text(), document.sentences(), sentenceScores);
        for (String dropped : droppedFeatures) {
            int column = DocumentFeatures.NAMES.indexOf(dropped);
            for (float[] row : analysis.features()) {
                row[column] = 0f;
            }
        }
        boolean[] explicit = new boolean[analyzer.techniques()];
        analysis.ids().forEach(id -> explicit[id.technique()] = true);
        return new Scoring(document, analysis.features(), explicit);
    }

    /**
     * For each cross-validation fold, trains a head without that fold's procedure examples and training reports (and
     * the sentences that repeat them) and scores the fold's pseudo-reports and reports with it, through ONNX Runtime
     * like the released head. The software-to-technique signal used for those documents knows neither the validation
     * actors nor the fold's own, and the report priors leave the fold's reports out.
     */
    private static List<Scoring> crossValidate(
            Corpus corpus,
            AttackKnowledgeBase kb,
            int[][] labels,
            float[] weights,
            HeadTrainer.Settings settings,
            int threads,
            FoldEncoding[] byFold,
            Path reuse,
            NeighbourVotes[] neighbours)
            throws IOException {
        List<Scoring> scored = new ArrayList<>();
        for (int fold = 1; fold < Corpus.FOLDS; fold++) {
            float[][] x = byFold[fold].training();
            Map<Corpus.Document, float[][]> vectors = byFold[fold].documents();
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < corpus.training.size(); i++) {
                if (corpus.training.get(i).usableWithout(fold)) {
                    rows.add(i);
                }
            }
            float[][] foldX = new float[rows.size()][];
            int[][] foldLabels = new int[rows.size()][];
            float[] foldWeights = new float[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                foldX[r] = x[rows.get(r)];
                foldLabels[r] = labels[rows.get(r)];
                foldWeights[r] = weights[rows.get(r)];
            }
            // The file name carries a digest of the fold's training rows (text, labels, weight), so a change of data
            // never reuses a stale head.
            long digest =
                    digest(rows.size(), rows.stream().map(corpus.training::get).toList());
            Path reused = reuse == null
                    ? null
                    : reuse.resolve(byFold[fold].cacheName() + "-" + settings.seed() + "-" + settings.epochs() + "-"
                                    + settings.hidden()
                                    + (settings.standardize() == HeadTrainer.Standardization.NONE
                                            ? ""
                                            : "-"
                                                    + settings.standardize()
                                                            .name()
                                                            .toLowerCase(java.util.Locale.ROOT)))
                            .resolve("fold-" + fold + "-" + Long.toHexString(digest) + ".onnx");
            byte[] headBytes;
            if (reused != null && Files.exists(reused)) {
                headBytes = Files.readAllBytes(reused);
            } else {
                List<OnnxHeadWriter.Dense> layers = new HeadTrainer(settings, threads)
                        .train(
                                foldX,
                                foldLabels,
                                foldWeights,
                                corpus.facts.techniques().size());
                headBytes = OnnxHeadWriter.encode(layers, "fold-" + fold);
                if (reused != null) {
                    Files.createDirectories(reused.getParent());
                    Files.write(reused, headBytes);
                }
            }
            int heldOut = fold;
            AttackFacts facts =
                    Corpus.facts(kb, source -> Corpus.foldOf(source) != 0 && Corpus.foldOf(source) != heldOut);
            DocumentAnalyzer analyzer = new DocumentAnalyzer(facts, corpus.priors(fold), corpus.nameReliability(fold));
            try (SentenceHead head = SentenceHead.load(headBytes, threads, "fold " + fold)) {
                for (Corpus.Document document : corpus.foldDocuments.get(fold)) {
                    scored.add(scoring(
                            document,
                            analyzer,
                            sentenceScores(
                                    document, NeighbourVotes.score(head, neighbours[fold], vectors.get(document)))));
                }
            }
            LOG.infof(
                    "fold %d: head trained on %d of %d texts, %d documents scored",
                    fold, rows.size(), x.length, corpus.foldDocuments.get(fold).size());
        }
        return scored;
    }

    /** ONNX Runtime must give the trainer's own numbers, or the export is wrong. */
    private static void checkExport(SentenceHead head, List<OnnxHeadWriter.Dense> layers, float[][] x) {
        int rows = Math.min(64, x.length);
        float[][] sample = new float[rows][];
        for (int i = 0; i < rows; i++) {
            sample[i] = x[i * (x.length / rows)];
        }
        float[][] onnx = head.predict(sample);
        double largest = 0;
        for (int i = 0; i < rows; i++) {
            float[] java = HeadTrainer.predict(layers, sample[i]);
            for (int t = 0; t < java.length; t++) {
                largest = Math.max(largest, Math.abs(java[t] - onnx[i][t]));
            }
        }
        if (largest > 1e-4) {
            throw new IllegalStateException("ONNX Runtime disagrees with the trainer by " + largest);
        }
        LOG.infof("ONNX export checked: largest difference %.2e over %d sentences", largest, rows);
    }

    /** What validation measured, and what the released model is made of. */
    record Evaluation(
            double[] aggregationWeights,
            double explicitConfidence,
            Tuning.Decision decision,
            Map<String, Object> figures,
            List<Tuning.Bin> reliability) {

        void print(java.io.PrintStream out) {
            out.println("validation figures:");
            figures.forEach((key, value) -> {
                if (!(value instanceof List<?>) && !(value instanceof Map<?, ?>)) {
                    out.println("  " + key + ": " + value);
                }
            });
            out.println("reliability (cross-fitted document confidences, techniques annotated in the reports):");
            for (Tuning.Bin bin : reliability) {
                out.printf(
                        "  %.1f-%.1f  n=%6d  mean confidence %.3f  observed %.3f%n",
                        bin.from(), bin.to(), bin.count(), bin.meanConfidence(), bin.observed());
            }
        }
    }

    private static Evaluation evaluate(
            Corpus corpus,
            SentenceHead head,
            NeighbourVotes neighbours,
            Map<Corpus.Document, float[][]> vectors,
            float[][] sentenceVectors,
            List<Scoring> crossValidated) {
        int techniques = corpus.facts.techniques().size();
        DocumentAnalyzer analyzer =
                new DocumentAnalyzer(corpus.validationFacts, corpus.priors(), corpus.nameReliability());
        List<Corpus.Document> documents = new ArrayList<>(vectors.keySet());
        List<float[][]> features = new ArrayList<>();
        List<boolean[]> truths = new ArrayList<>();
        List<boolean[]> explicits = new ArrayList<>();
        Map<String, Integer> index = corpus.facts.indexById();
        int[] parents = new int[techniques];
        for (int t = 0; t < techniques; t++) {
            String parent = corpus.facts.techniques().get(t).parentId();
            parents[t] = parent == null ? -1 : index.getOrDefault(parent, -1);
        }
        List<Scoring> scorings = new ArrayList<>();
        for (Corpus.Document document : documents) {
            scorings.add(scoring(
                    document,
                    analyzer,
                    sentenceScores(document, NeighbourVotes.score(head, neighbours, vectors.get(document)))));
        }
        int ownDocuments = documents.size();
        // The cross-validation folds' pseudo-reports take part in thresholds and the release gate, not in the
        // document model, which stays fitted on the validation split alone.
        scorings.addAll(crossValidated);
        documents.clear();
        for (Scoring scoring : scorings) {
            documents.add(scoring.document());
            features.add(scoring.features());
            explicits.add(scoring.explicit());
            boolean[] truth = new boolean[techniques];
            scoring.document().labels().forEach(t -> truth[t] = true);
            truths.add(truth);
        }
        List<Integer> reports = new ArrayList<>();
        List<Integer> pseudo = new ArrayList<>();
        for (int d = 0; d < ownDocuments; d++) {
            (documents.get(d).kind().equals("report") ? reports : pseudo).add(d);
        }
        // Training reports scored by the head of their fold: more real reports to fit the document model and to tune
        // on, never measured on.
        List<Integer> trainingReports = new ArrayList<>();
        for (int d = ownDocuments; d < documents.size(); d++) {
            if (documents.get(d).kind().equals("training report")) {
                trainingReports.add(d);
            }
        }
        reports.sort(Comparator.comparing(d -> Splits.titleKey(documents.get(d).title())));
        boolean[] space = new boolean[techniques];
        for (int d : reports) {
            documents.get(d).labels().forEach(t -> space[t] = true);
        }

        // Cross-fitted figures: two folds of the validation reports, each measured with the document model and the
        // thresholds fitted on the other fold (plus the pseudo-documents), never on itself.
        Tuning.Counts crossRestricted = new Tuning.Counts(0, 0, 0);
        Tuning.Counts crossAll = new Tuning.Counts(0, 0, 0);
        Tuning.Counts crossOneThreshold = new Tuning.Counts(0, 0, 0);
        List<double[]> calibrationPairs = new ArrayList<>();
        List<double[]> calibrationPairsAll = new ArrayList<>();
        for (int fold = 0; fold < 2; fold++) {
            List<Integer> fitOn = new ArrayList<>();
            List<Integer> measureOn = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) {
                (i % 2 == fold ? measureOn : fitOn).add(reports.get(i));
            }
            double[] beta = fitAggregation(
                    union(fitOn, trainingReports), pseudo, features, truths, d -> fitIgnored(documents.get(d), corpus));
            double floor = explicitConfidence(union(fitOn, trainingReports), documents, truths, explicits, parents);
            List<Tuning.Scored> tune = new ArrayList<>();
            List<Tuning.Scored> tuneReports = new ArrayList<>();
            List<Tuning.Scored> measure = new ArrayList<>();
            for (int d = 0; d < documents.size(); d++) {
                Tuning.Scored scored =
                        score(documents.get(d), features.get(d), truths.get(d), explicits.get(d), beta, floor, parents);
                if (measureOn.contains(d)) {
                    measure.add(scored);
                } else {
                    tune.add(scored);
                    if (fitOn.contains(d) || trainingReports.contains(d)) {
                        tuneReports.add(scored);
                    }
                }
            }
            Tuning.Decision decision =
                    Tuning.tune(tune, tuneReports, techniques, MIN_SUPPORT, MIN_PRECISION, MIN_PSEUDO_PRECISION);
            crossRestricted = crossRestricted.plus(Tuning.evaluate(measure, decision, space, null));
            crossAll = crossAll.plus(Tuning.evaluate(measure, decision, null, null));
            crossOneThreshold = crossOneThreshold.plus(
                    Tuning.evaluate(measure, allReleased(decision), space, decision.globalThreshold()));
            for (Tuning.Scored scored : measure) {
                for (int t = 0; t < techniques; t++) {
                    double[] pair = {scored.confidence()[t], scored.truth()[t] ? 1 : 0};
                    calibrationPairsAll.add(pair);
                    if (space[t]) {
                        calibrationPairs.add(pair);
                    }
                }
            }
        }

        // The released model: everything fitted on all validation documents.
        double[] beta = fitAggregation(
                union(reports, trainingReports), pseudo, features, truths, d -> fitIgnored(documents.get(d), corpus));
        double floor = explicitConfidence(union(reports, trainingReports), documents, truths, explicits, parents);
        List<Tuning.Scored> all = new ArrayList<>();
        List<Tuning.Scored> allReports = new ArrayList<>();
        List<Tuning.Scored> tuneReports = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            Tuning.Scored scored =
                    score(documents.get(d), features.get(d), truths.get(d), explicits.get(d), beta, floor, parents);
            all.add(scored);
            if (documents.get(d).kind().equals("report")) {
                allReports.add(scored);
            }
            if (documents.get(d).kind().endsWith("report")) {
                tuneReports.add(scored);
            }
        }
        Tuning.Decision decision =
                Tuning.tune(all, tuneReports, techniques, MIN_SUPPORT, MIN_PRECISION, MIN_PSEUDO_PRECISION);
        Tuning.Counts inSample = Tuning.evaluate(allReports, decision, space, null);
        Tuning.Counts singleThreshold =
                Tuning.evaluate(allReports, allReleased(decision), space, decision.globalThreshold());

        // Sentence level: the best-scored released technique of each validation TRAM sentence.
        float[][] sentenceScores = NeighbourVotes.score(head, neighbours, sentenceVectors);
        int correctReleased = 0;
        int correctAll = 0;
        int correctAnnotated = 0;
        boolean[] annotated = new boolean[techniques];
        corpus.tramTechniques.forEach(t -> annotated[t] = true);
        for (int i = 0; i < sentenceScores.length; i++) {
            int label = corpus.validationSentences.get(i).label();
            if (argmax(sentenceScores[i], decision.released()) == label) {
                correctReleased++;
            }
            if (argmax(sentenceScores[i], null) == label) {
                correctAll++;
            }
            if (argmax(sentenceScores[i], annotated) == label) {
                correctAnnotated++;
            }
        }

        List<Tuning.Bin> table = Tuning.reliability(calibrationPairs);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("documentMicroF1", round(crossRestricted.f1()));
        figures.put("documentMicroPrecision", round(crossRestricted.precision()));
        figures.put("documentMicroRecall", round(crossRestricted.recall()));
        figures.put("documentMicroF1AllTechniques", round(crossAll.f1()));
        figures.put("documentMicroF1InSample", round(inSample.f1()));
        figures.put("documentMicroF1OneThreshold", round(singleThreshold.f1()));
        figures.put("documentMicroF1OneThresholdCrossFitted", round(crossOneThreshold.f1()));
        figures.put("sentenceTop1", round((double) correctAll / Math.max(1, sentenceScores.length)));
        figures.put("sentenceTop1ReleasedOnly", round((double) correctReleased / Math.max(1, sentenceScores.length)));
        figures.put(
                "sentenceTop1AnnotatedTechniques",
                round((double) correctAnnotated / Math.max(1, sentenceScores.length)));
        figures.put("expectedCalibrationError", round(Tuning.expectedCalibrationError(table)));
        figures.put(
                "expectedCalibrationErrorAllTechniques",
                round(Tuning.expectedCalibrationError(Tuning.reliability(calibrationPairsAll))));
        int released = 0;
        for (boolean r : decision.released()) {
            released += r ? 1 : 0;
        }
        figures.put("released", released);
        figures.put("techniques", techniques);
        figures.put("validationReports", reports.size());
        figures.put("validationReportTechniques", countTrue(space));
        figures.put(
                "validationProcedureDocuments",
                documents.subList(0, ownDocuments).stream()
                        .filter(d -> d.kind().equals("procedures"))
                        .count());
        figures.put(
                "crossValidationProcedureDocuments",
                crossValidated.stream()
                        .filter(c -> c.document().kind().equals("procedures"))
                        .count());
        figures.put(
                "crossValidationDescriptionSentences",
                crossValidated.stream()
                        .filter(c -> c.document().kind().equals("description"))
                        .count());
        figures.put("crossValidationTrainingReports", trainingReports.size());
        figures.put(
                "validationDescriptionSentences",
                documents.subList(0, ownDocuments).stream()
                        .filter(d -> d.kind().equals("description"))
                        .count());
        figures.put("validationTramSentences", sentenceScores.length);
        figures.put("globalThreshold", decision.globalThreshold());
        figures.put("explicitIdConfidence", floor);
        figures.put(
                "releaseGate",
                // An ordered map: model.json must come out byte for byte the same from the same data and seed.
                new java.util.TreeMap<>(Map.of(
                        "minSupport",
                        MIN_SUPPORT,
                        "minPrecisionOnReports",
                        MIN_PRECISION,
                        "minPrecisionOnPseudoReports",
                        MIN_PSEUDO_PRECISION)));
        figures.put("corpus", corpus.counts);
        List<Map<String, Object>> reliability = new ArrayList<>();
        for (Tuning.Bin bin : table) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", bin.from());
            row.put("to", bin.to());
            row.put("count", bin.count());
            row.put("meanConfidence", round(bin.meanConfidence()));
            row.put("observed", round(bin.observed()));
            reliability.add(row);
        }
        figures.put("reliability", reliability);
        return new Evaluation(beta, floor, decision, figures, table);
    }

    private static List<Integer> union(List<Integer> first, List<Integer> second) {
        List<Integer> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static Tuning.Decision allReleased(Tuning.Decision decision) {
        boolean[] released = new boolean[decision.released().length];
        java.util.Arrays.fill(released, true);
        return new Tuning.Decision(
                decision.thresholds(),
                released,
                decision.precision(),
                decision.recall(),
                decision.support(),
                decision.globalThreshold());
    }

    private static int countTrue(boolean[] values) {
        int count = 0;
        for (boolean value : values) {
            count += value ? 1 : 0;
        }
        return count;
    }

    private static int argmax(float[] scores, boolean[] allowed) {
        int best = -1;
        for (int t = 0; t < scores.length; t++) {
            if ((allowed == null || allowed[t]) && (best < 0 || scores[t] > scores[best])) {
                best = t;
            }
        }
        return best;
    }

    /**
     * Fits the document model on real reports and, with less weight, on the short pseudo-documents, so that it also
     * knows what a short text looks like.
     */
    /**
     * The techniques the document model leaves out of one document. A report is judged only on the techniques its
     * annotators worked with, except by the document model: it learns from every technique of a report, because a
     * technique outside that set is, nearly always, one that the report does not describe either, and without those
     * rows the model fits the actors' pseudo-reports more than real reports (document micro-F1 0.663 against 0.684,
     * measured without cross-validation heads).
     */
    private static Set<Integer> fitIgnored(Corpus.Document document, Corpus corpus) {
        if (!document.kind().endsWith("report")) {
            return document.ignored();
        }
        Set<Integer> ignored = new java.util.TreeSet<>(document.ignored());
        ignored.retainAll(corpus.tramTechniques);
        return ignored;
    }

    /**
     * The share of ids written in these reports that the reports annotate (or annotate a sub-technique of), over the
     * techniques their annotators looked for, rounded down to {@link #EXPLICIT_CONFIDENCE_STEP}.
     */
    static double explicitConfidence(
            List<Integer> reports,
            List<Corpus.Document> documents,
            List<boolean[]> truths,
            List<boolean[]> explicits,
            int[] parents) {
        int written = 0;
        int right = 0;
        for (int d : reports) {
            boolean[] truth = truths.get(d);
            boolean[] implied = impliedParents(truth, parents);
            Set<Integer> ignored = documents.get(d).ignored();
            boolean[] explicit = explicits.get(d);
            for (int t = 0; t < explicit.length; t++) {
                if (explicit[t] && !ignored.contains(t)) {
                    written++;
                    right += truth[t] || implied[t] ? 1 : 0;
                }
            }
        }
        if (written == 0) {
            throw new IllegalStateException("no report writes an ATT&CK id: the confidence of written ids is unknown");
        }
        double share = (double) right / written;
        return Math.floor(share / EXPLICIT_CONFIDENCE_STEP + 1e-9) * EXPLICIT_CONFIDENCE_STEP;
    }

    private static double[] fitAggregation(
            List<Integer> reports,
            List<Integer> pseudo,
            List<float[][]> features,
            List<boolean[]> truths,
            java.util.function.IntFunction<Set<Integer>> ignoredOf) {
        List<float[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (List<Integer> documents : List.of(reports, pseudo)) {
            double weight = documents == reports ? 1.0 : PSEUDO_DOCUMENT_WEIGHT;
            for (int d : documents) {
                Set<Integer> ignored = ignoredOf.apply(d);
                for (int t = 0; t < features.get(d).length; t++) {
                    if (ignored.contains(t)) {
                        continue;
                    }
                    rows.add(features.get(d)[t]);
                    labels.add(truths.get(d)[t]);
                    weights.add(weight);
                }
            }
        }
        boolean[] y = new boolean[labels.size()];
        double[] w = new double[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
            w[i] = weights.get(i);
        }
        return LogisticFit.fit(rows, y, w, 1e-2);
    }

    private static Tuning.Scored score(
            Corpus.Document document,
            float[][] features,
            boolean[] truth,
            boolean[] explicit,
            double[] beta,
            double explicitConfidence,
            int[] parents) {
        double[] confidence = new double[features.length];
        for (int t = 0; t < features.length; t++) {
            confidence[t] = LogisticFit.predict(beta, features[t]);
            if (explicit[t]) {
                confidence[t] = Math.max(confidence[t], explicitConfidence);
            }
        }
        boolean[] ignored = new boolean[features.length];
        document.ignored().forEach(t -> ignored[t] = true);
        return new Tuning.Scored(
                document.kind(),
                document.title(),
                confidence,
                truth,
                explicit,
                ignored,
                impliedParents(truth, parents));
    }

    /** The parents of the true sub-techniques: predicting one of them is the parent of something true. */
    private static boolean[] impliedParents(boolean[] truth, int[] parents) {
        boolean[] implied = new boolean[truth.length];
        for (int t = 0; t < truth.length; t++) {
            if (truth[t] && parents[t] >= 0) {
                implied[parents[t]] = true;
            }
        }
        return implied;
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }

    private static void write(
            Path out,
            String modelId,
            EncoderSpec spec,
            int batchSize,
            Corpus corpus,
            byte[] headBytes,
            Evaluation evaluation,
            Map<String, Object> headInfo,
            Map<String, Object> encoderTuning,
            NeighbourVotes neighbours)
            throws IOException {
        AttackFacts facts = corpus.facts;
        Tuning.Decision decision = evaluation.decision();
        List<ModelCard.TechniqueEntry> entries = new ArrayList<>();
        for (int t = 0; t < facts.techniques().size(); t++) {
            AttackFacts.TechniqueFact fact = facts.techniques().get(t);
            entries.add(new ModelCard.TechniqueEntry(
                    fact.id(),
                    fact.name(),
                    fact.tactics(),
                    decision.released()[t],
                    decision.thresholds()[t],
                    Double.isNaN(decision.precision()[t]) ? null : decision.precision()[t],
                    Double.isNaN(decision.recall()[t]) ? null : decision.recall()[t],
                    decision.support()[t]));
        }
        double[] beta = evaluation.aggregationWeights();
        List<String> read = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < DocumentFeatures.NAMES.size(); i++) {
            if (!droppedFeatures.contains(DocumentFeatures.NAMES.get(i))) {
                read.add(DocumentFeatures.NAMES.get(i));
                weights.add(beta[i]);
            }
        }
        Aggregation aggregation = new Aggregation(
                read,
                weights.stream().mapToDouble(Double::doubleValue).toArray(),
                beta[beta.length - 1],
                evaluation.explicitConfidence(),
                0.3,
                3,
                corpus.priors(),
                corpus.nameReliability());
        ModelCard card = new ModelCard(modelId, facts.attackVersion(), spec.id(), entries, evaluation.figures());
        Files.createDirectories(out);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("encoderArtifact", spec.artifact());
        extra.put("encoderPooling", spec.pooling().name().toLowerCase(java.util.Locale.ROOT));
        if (!spec.prefix().isEmpty()) {
            extra.put("encoderPrefix", spec.prefix());
        }
        extra.put("encoderBatchSize", batchSize);
        if (!encoderTuning.isEmpty()) {
            extra.put("encoderTuning", encoderTuning);
        }
        extra.put("maxTokens", OnnxSentenceEncoder.MAX_TOKENS);
        if (clauses) {
            extra.put("clauses", true);
        }
        extra.put("head", headInfo);
        if (neighbours != null) {
            extra.put("neighbours", ModelFolder.neighbourInfo(neighbours));
        }
        new ModelFolder(card, aggregation, facts).write(out, extra);
        Files.write(out.resolve(ModelFolder.HEAD), headBytes);
        Files.writeString(
                out.resolve("MODEL_CARD.md"),
                ModelCardMarkdown.render(card, spec, batchSize, headInfo, evaluation, aggregation, neighbours));
        LOG.infof("model written to %s", out);
    }
}
