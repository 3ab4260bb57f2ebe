package dev.attacktagger.classifier.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classifier.aggregate.DocumentFeatures;
import dev.attacktagger.classifier.encoder.EncoderWeights;
import dev.attacktagger.classifier.head.NeighbourVotes;

/**
 * A released model folder: {@value #CARD} (the card, the document-level model and the validation figures), {@value
 * #HEAD} (the head as ONNX) and {@link AttackFacts#FILE} (the ATT&amp;CK facts). The encoder itself is not in the
 * folder: it comes from its Maven artifact on the classpath.
 *
 * @param card the card
 * @param aggregation the document-level model
 * @param facts the ATT&amp;CK facts, techniques in the same order as the card's
 */
public record ModelFolder(ModelCard card, Aggregation aggregation, AttackFacts facts) {

    public static final String CARD = "model.json";
    public static final String HEAD = "head.onnx";

    /**
     * Reads a model folder.
     *
     * @throws IOException when a file is missing or unreadable
     * @throws IllegalStateException when the files contradict each other
     */
    public static ModelFolder read(Path dir, ObjectMapper json) throws IOException {
        Path cardFile = dir.resolve(CARD);
        if (!Files.isRegularFile(cardFile)) {
            throw new IOException("no " + CARD + " in " + dir);
        }
        JsonNode root = json.readTree(cardFile.toFile());
        List<ModelCard.TechniqueEntry> techniques = new ArrayList<>();
        for (JsonNode node : root.path("techniques")) {
            List<String> tactics = new ArrayList<>();
            node.path("tactics").forEach(tactic -> tactics.add(tactic.asText()));
            techniques.add(new ModelCard.TechniqueEntry(
                    node.path("id").asText(),
                    node.path("name").asText(),
                    List.copyOf(tactics),
                    node.path("released").asBoolean(false),
                    node.path("threshold").asDouble(1.0),
                    node.path("precision").isNumber() ? node.path("precision").asDouble() : null,
                    node.path("recall").isNumber() ? node.path("recall").asDouble() : null,
                    node.path("support").asInt(0)));
        }
        Map<String, Object> validation =
                json.convertValue(root.path("validation"), new TypeReference<LinkedHashMap<String, Object>>() {});
        ModelCard card = new ModelCard(
                root.path("id").asText(),
                root.path("attackVersion").asText(),
                root.path("encoder").asText(),
                List.copyOf(techniques),
                validation == null ? Map.of() : validation);
        Aggregation aggregation = json.treeToValue(root.path("aggregation"), Aggregation.class);
        AttackFacts facts = AttackFacts.read(dir, json);
        if (facts.techniques().size() != techniques.size()) {
            throw new IllegalStateException(CARD + " lists " + techniques.size() + " techniques but " + AttackFacts.FILE
                    + " has " + facts.techniques().size());
        }
        for (int t = 0; t < techniques.size(); t++) {
            if (!techniques.get(t).id().equals(facts.techniques().get(t).id())) {
                throw new IllegalStateException(CARD + " and " + AttackFacts.FILE + " disagree at entry " + t + ": "
                        + techniques.get(t).id() + " vs "
                        + facts.techniques().get(t).id());
            }
        }
        if (aggregation == null
                || aggregation.weights().length != aggregation.features().size()
                || aggregation.priors() == null
                || aggregation.priors().length != techniques.size()
                || aggregation.nameReliability() == null
                || aggregation.nameReliability().length != techniques.size()) {
            throw new IllegalStateException(CARD + " has no complete aggregation model");
        }
        if (!DocumentFeatures.NAMES.containsAll(aggregation.features())) {
            throw new IllegalStateException(CARD + " was trained on the document features " + aggregation.features()
                    + " but this version computes " + DocumentFeatures.NAMES + "; train the model again");
        }
        return new ModelFolder(card, aggregation.aligned(DocumentFeatures.NAMES), facts);
    }

    /** What {@code model.json} says of a model's neighbours: their file, how many, and how they vote. */
    public static Map<String, Object> neighbourInfo(NeighbourVotes neighbours) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", NeighbourVotes.FILE);
        info.put("count", neighbours.size());
        info.put("k", neighbours.settings().k());
        info.put("sharpness", neighbours.settings().sharpness());
        info.put("weight", neighbours.settings().weight());
        return info;
    }

    /**
     * The annotated sentences that vote beside the head, when the model was trained with them ({@code neighbours} in
     * {@code model.json}); empty otherwise.
     *
     * @throws IOException when {@code model.json} names them but their file cannot be read
     */
    public static Optional<NeighbourVotes> neighbours(Path dir, ObjectMapper json, int techniques, int threads)
            throws IOException {
        JsonNode info = json.readTree(dir.resolve(CARD).toFile()).path("neighbours");
        if (info.isMissingNode() || info.isNull()) {
            return Optional.empty();
        }
        NeighbourVotes.Settings settings = new NeighbourVotes.Settings(
                info.path("k").asInt(),
                info.path("sharpness").asDouble(),
                info.path("weight").asDouble());
        return Optional.of(NeighbourVotes.read(
                dir.resolve(info.path("file").asText(NeighbourVotes.FILE)), settings, techniques, threads));
    }

    /** Whether the model scores long sentences clause by clause as well, as it was trained to (`clauses`). */
    public static boolean scoresClauses(Path dir, ObjectMapper json) throws IOException {
        return json.readTree(dir.resolve(CARD).toFile()).path("clauses").asBoolean(false);
    }

    /**
     * Whether the model's fine-tuned encoder layers run beside the shipped ones, its head reading both sentence
     * vectors, rather than in their place.
     */
    public static boolean tunedAlongside(Path dir, ObjectMapper json) throws IOException {
        return json.readTree(dir.resolve(CARD).toFile())
                .path("encoderTuning")
                .path("alongside")
                .asBoolean(false);
    }

    /**
     * The fine-tuned encoder weights a model folder carries, checked against the digest its card records; empty when
     * the model runs the encoder as shipped.
     *
     * @throws IOException when the weights file is missing, unreadable, or does not belong to this card
     */
    public static Map<String, float[]> encoderWeights(Path dir, ObjectMapper json) throws IOException {
        Path file = dir.resolve(EncoderWeights.FILE);
        JsonNode tuning = json.readTree(dir.resolve(CARD).toFile()).path("encoderTuning");
        boolean present = Files.exists(file);
        if (tuning.isMissingNode() || tuning.isNull()) {
            if (present) {
                throw new IOException(EncoderWeights.FILE + " in " + dir + " does not belong to this model: " + CARD
                        + " records no fine-tuned encoder; remove the file or train the model again");
            }
            return Map.of();
        }
        if (!present) {
            throw new IOException(CARD + " in " + dir + " says the encoder was fine-tuned, but " + EncoderWeights.FILE
                    + " is missing");
        }
        Map<String, float[]> weights = EncoderWeights.read(file);
        String expected = tuning.path("digest").asText();
        String actual = EncoderWeights.digest(weights);
        if (!actual.equals(expected)) {
            throw new IOException(EncoderWeights.FILE + " in " + dir + " has digest " + actual + " but " + CARD
                    + " expects " + expected + "; the files come from different trainings");
        }
        return weights;
    }

    /** Writes {@value #CARD} and the facts; the head is written separately. */
    public void write(Path dir, Map<String, Object> extra) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("id", card.id());
        root.put("attackVersion", card.attackVersion());
        root.put("encoder", card.encoder());
        extra.forEach((key, value) -> root.set(key, json.valueToTree(value)));
        root.set("aggregation", json.valueToTree(aggregation));
        ArrayNode list = root.putArray("techniques");
        for (ModelCard.TechniqueEntry entry : card.techniques()) {
            ObjectNode node = list.addObject();
            node.put("id", entry.id());
            node.put("name", entry.name());
            ArrayNode tactics = node.putArray("tactics");
            entry.tactics().forEach(tactics::add);
            node.put("released", entry.released());
            node.put("threshold", round(entry.threshold()));
            if (entry.precision() == null) {
                node.putNull("precision");
            } else {
                node.put("precision", round(entry.precision()));
            }
            if (entry.recall() == null) {
                node.putNull("recall");
            } else {
                node.put("recall", round(entry.recall()));
            }
            node.put("support", entry.support());
        }
        root.set("validation", json.valueToTree(card.validation()));
        Files.createDirectories(dir);
        json.writeValue(dir.resolve(CARD).toFile(), root);
        new ObjectMapper().writeValue(dir.resolve(AttackFacts.FILE).toFile(), facts);
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
