package dev.attacktagger.classifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.classifier.aggregate.Clauses;
import dev.attacktagger.classifier.aggregate.DocumentAnalyzer;
import dev.attacktagger.classifier.aggregate.MentionFinder;
import dev.attacktagger.classifier.encoder.EncoderSpec;
import dev.attacktagger.classifier.encoder.OnnxSentenceEncoder;
import dev.attacktagger.classifier.head.NeighbourVotes;
import dev.attacktagger.classifier.head.SentenceHead;
import dev.attacktagger.classifier.model.Aggregation;
import dev.attacktagger.classifier.model.AttackFacts;
import dev.attacktagger.classifier.model.ModelFolder;
import dev.attacktagger.classifier.text.Sentence;
import dev.attacktagger.classifier.text.SentenceSplitter;

/**
 * Tags a text with ATT&amp;CK techniques using a released model folder: sentences are encoded by the pretrained
 * encoder, scored by the trained head, and combined per technique by the document-level model; ids written in the
 * text are tags of their own.
 *
 * <p>Thread-safe: one instance serves concurrent callers. It owns native sessions; close it once, when no caller
 * uses it any more.
 */
public final class TechniqueTagger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TechniqueTagger.class);

    private final ModelCard card;
    private final AttackFacts facts;
    private final Aggregation aggregation;
    private final SentenceHead head;
    private final OnnxSentenceEncoder encoder;
    private final DocumentAnalyzer analyzer;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final boolean[] released;
    private final double[] thresholds;
    /** Whether long sentences are also scored clause by clause (see {@link Clauses}). */
    private final boolean clauses;
    /** The annotated sentences that vote beside the head, when the model has them. */
    private final NeighbourVotes neighbours;

    private TechniqueTagger(
            ModelFolder folder,
            SentenceHead head,
            NeighbourVotes neighbours,
            OnnxSentenceEncoder encoder,
            boolean clauses) {
        this.card = folder.card();
        this.facts = folder.facts();
        this.aggregation = folder.aggregation();
        this.head = head;
        this.neighbours = neighbours;
        this.encoder = encoder;
        this.clauses = clauses;
        this.analyzer = new DocumentAnalyzer(facts, aggregation.priors(), aggregation.nameReliability());
        int count = facts.techniques().size();
        this.released = new boolean[count];
        this.thresholds = new double[count];
        for (int t = 0; t < count; t++) {
            ModelCard.TechniqueEntry entry = card.techniques().get(t);
            released[t] = entry.released();
            thresholds[t] = entry.threshold();
        }
    }

    /** Loads a model folder with the default encoder settings. */
    public static TechniqueTagger load(Path modelDir) {
        return load(modelDir, EncoderSettings.defaults());
    }

    /**
     * Loads a model folder such as {@code models/default}.
     *
     * @throws IllegalStateException when the folder is not a complete model, its encoder is not on the classpath, or
     *     the settings ask for a device that is not available
     */
    public static TechniqueTagger load(Path modelDir, EncoderSettings settings) {
        ModelFolder folder;
        try {
            folder = ModelFolder.read(modelDir, new ObjectMapper());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model folder " + modelDir + ": " + e.getMessage(), e);
        }
        EncoderSpec spec = EncoderSpec.byId(folder.card().encoder())
                .orElseThrow(() -> new IllegalStateException("the model " + modelDir + " needs encoder "
                        + folder.card().encoder() + ", which this build lacks"));
        boolean alongside;
        boolean clauses;
        try {
            alongside = ModelFolder.tunedAlongside(modelDir, new ObjectMapper());
            clauses = ModelFolder.scoresClauses(modelDir, new ObjectMapper());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model folder " + modelDir + ": " + e.getMessage(), e);
        }
        int dimension = alongside ? 2 * spec.dimension() : spec.dimension();
        SentenceHead head = SentenceHead.load(modelDir.resolve(ModelFolder.HEAD), settings.intraOpThreads());
        if (head.outputs() != folder.facts().techniques().size() || head.inputs() != dimension) {
            head.close();
            throw new IllegalStateException(
                    "the head of " + modelDir + " maps " + head.inputs() + " to " + head.outputs()
                            + " values, but the model card expects " + dimension + " to "
                            + folder.facts().techniques().size());
        }
        NeighbourVotes neighbours;
        try {
            neighbours = ModelFolder.neighbours(
                            modelDir,
                            new ObjectMapper(),
                            folder.facts().techniques().size(),
                            settings.intraOpThreads())
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            head.close();
            throw new IllegalStateException("cannot read the neighbours of " + modelDir + ": " + e.getMessage(), e);
        }
        if (neighbours != null && neighbours.dimension() != dimension) {
            closeAll(head, neighbours);
            throw new IllegalStateException("the neighbours of " + modelDir + " hold vectors of "
                    + neighbours.dimension() + " values, but the encoder gives " + dimension);
        }
        OnnxSentenceEncoder encoder;
        try {
            // A model whose encoder's top layers were fine-tuned carries their weights; the rest is the artifact's.
            Map<String, float[]> weights = ModelFolder.encoderWeights(modelDir, new ObjectMapper());
            encoder = OnnxSentenceEncoder.open(spec, settings, weights, alongside);
        } catch (IOException e) {
            closeAll(head, neighbours);
            throw new IllegalStateException(
                    "cannot read the encoder weights of " + modelDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(head, neighbours);
            throw e;
        }
        TechniqueTagger tagger = new TechniqueTagger(folder, head, neighbours, encoder, clauses);
        LOG.infof(
                "model %s loaded from %s: ATT&CK %s, %d techniques, %d released, encoder %s on %s",
                folder.card().id(),
                modelDir,
                folder.card().attackVersion(),
                folder.card().techniques().size(),
                folder.card().releasedCount(),
                spec.id(),
                encoder.executionProvider());
        return tagger;
    }

    /** The model's card. */
    public ModelCard card() {
        return card;
    }

    /** The encoder this tagger runs; a service may wrap it to batch the sentences of concurrent callers. */
    public SentenceEncoder encoder() {
        return encoder;
    }

    /**
     * Scores sentences alone, without document context: one row of head probabilities per sentence, in the order of
     * {@link ModelCard#techniques()}. For evaluation and diagnostics.
     */
    public float[][] scoreSentences(List<String> sentences) {
        return sentences.isEmpty() ? new float[0][] : NeighbourVotes.score(head, neighbours, encoder.encode(sentences));
    }

    private static void closeAll(SentenceHead head, NeighbourVotes neighbours) {
        head.close();
        if (neighbours != null) {
            neighbours.close();
        }
    }

    /** Classifies a text with this tagger's own encoder. */
    public Classification classify(String text, ClassifyOptions options) {
        return classify(text, options, encoder);
    }

    /**
     * Classifies a text.
     *
     * @param text the text; evidence offsets point into it
     * @param options thresholds and what to return
     * @param sentenceEncoder the encoder to use: this tagger's, or a wrapper around it that batches across callers
     */
    public Classification classify(String text, ClassifyOptions options, SentenceEncoder sentenceEncoder) {
        long started = System.nanoTime();
        ClassifyOptions effective = options == null ? ClassifyOptions.DEFAULT : options;
        List<Sentence> sentences = splitter.split(text);
        float[][] scores = score(sentences, sentenceEncoder);
        DocumentAnalyzer.Analysis analysis = analyzer.analyze(text, sentences, scores);
        List<TechniqueTag> tags = decide(analysis, effective);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.debugf(
                "classified %d characters, %d sentences, %d techniques in %d ms",
                text.length(), sentences.size(), tags.size(), millis);
        return new Classification(tags, sentences.size(), millis);
    }

    /**
     * Encodes each distinct sentence (and clause, when the model scores clauses) once and scores it with the head: one
     * row per sentence.
     */
    private float[][] score(List<Sentence> sentences, SentenceEncoder sentenceEncoder) {
        List<String> all = clauses
                ? Clauses.texts(sentences)
                : sentences.stream().map(Sentence::text).toList();
        Map<String, Integer> distinct = new HashMap<>();
        List<String> texts = new ArrayList<>();
        int[] row = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            String sentence = all.get(i);
            Integer known = distinct.get(sentence);
            if (known == null) {
                known = texts.size();
                distinct.put(sentence, known);
                texts.add(sentence);
            }
            row[i] = known;
        }
        float[][] distinctScores = texts.isEmpty()
                ? new float[0][]
                : NeighbourVotes.score(head, neighbours, sentenceEncoder.encode(texts));
        float[][] scores = new float[all.size()][];
        for (int i = 0; i < row.length; i++) {
            scores[i] = distinctScores[row[i]];
        }
        return clauses ? Clauses.merge(sentences, scores) : scores;
    }

    private List<TechniqueTag> decide(DocumentAnalyzer.Analysis analysis, ClassifyOptions options) {
        Map<Integer, List<Evidence>> explicitEvidence = new HashMap<>();
        for (MentionFinder.IdMention id : analysis.ids()) {
            explicitEvidence
                    .computeIfAbsent(id.technique(), t -> new ArrayList<>())
                    .add(new Evidence(id.start(), id.end(), id.written(), 1.0));
        }
        List<TechniqueTag> tags = new ArrayList<>();
        for (int t = 0; t < analysis.features().length; t++) {
            double confidence = aggregation.confidence(analysis.features()[t]);
            boolean explicit = explicitEvidence.containsKey(t);
            if (explicit) {
                confidence = Math.max(confidence, aggregation.explicitConfidence());
            }
            boolean keep;
            if (options.allScores()) {
                keep = true;
            } else if (explicit) {
                // An id written in the text is a tag whatever the model thinks of the technique's prose.
                keep = options.threshold() == null || confidence >= options.threshold();
            } else {
                double threshold = options.threshold() == null ? thresholds[t] : options.threshold();
                keep = released[t] && confidence >= threshold;
            }
            if (keep) {
                AttackFacts.TechniqueFact fact = facts.techniques().get(t);
                List<Evidence> evidence = options.includeEvidence()
                        ? evidence(analysis, t, explicitEvidence.getOrDefault(t, List.of()))
                        : List.of();
                tags.add(new TechniqueTag(fact.id(), fact.name(), fact.tactics(), confidence, evidence));
            }
        }
        tags.sort(
                Comparator.comparingDouble(TechniqueTag::confidence).reversed().thenComparing(TechniqueTag::id));
        return tags;
    }

    private List<Evidence> evidence(DocumentAnalyzer.Analysis analysis, int technique, List<Evidence> explicit) {
        List<Evidence> evidence =
                new ArrayList<>(explicit.subList(0, Math.min(explicit.size(), aggregation.maxEvidence())));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < analysis.sentences().size(); i++) {
            if (analysis.scores()[i][technique] >= aggregation.evidenceMinScore()) {
                order.add(i);
            }
        }
        if (order.isEmpty() && explicit.isEmpty() && !analysis.sentences().isEmpty()) {
            // A tag that rests on the document as a whole (several weak sentences, a name, a prior) still shows the
            // sentence that supports it best.
            int best = 0;
            for (int i = 1; i < analysis.sentences().size(); i++) {
                if (analysis.scores()[i][technique] > analysis.scores()[best][technique]) {
                    best = i;
                }
            }
            order.add(best);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -analysis.scores()[i][technique]));
        for (int i : order) {
            if (evidence.size() >= aggregation.maxEvidence()) {
                break;
            }
            Sentence sentence = analysis.sentences().get(i);
            evidence.add(
                    new Evidence(sentence.start(), sentence.end(), sentence.text(), analysis.scores()[i][technique]));
        }
        return evidence;
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } finally {
            closeAll(head, neighbours);
        }
    }
}
