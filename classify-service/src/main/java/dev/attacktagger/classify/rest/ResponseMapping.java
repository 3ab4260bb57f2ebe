package dev.attacktagger.classify.rest;

import java.util.List;

import dev.attacktagger.classifier.Classification;
import dev.attacktagger.classifier.ModelCard;
import dev.attacktagger.classifier.TechniqueTag;
import dev.attacktagger.classify.model.ClassifyResponse;
import dev.attacktagger.classify.model.ModelRef;
import dev.attacktagger.classify.model.TechniqueCard;

/** Turns the classifier's results into the service's JSON contract. */
final class ResponseMapping {

    private ResponseMapping() {}

    static ModelRef modelRef(ModelCard card) {
        return new ModelRef(card.id(), card.attackVersion());
    }

    static ClassifyResponse response(Classification classification, ModelRef model) {
        List<ClassifyResponse.TechniqueResult> techniques = classification.techniques().stream()
                .map(ResponseMapping::technique)
                .toList();
        return new ClassifyResponse(techniques, model, classification.sentences(), classification.millis());
    }

    static TechniqueCard technique(ModelCard.TechniqueEntry entry) {
        return new TechniqueCard(
                entry.id(),
                entry.name(),
                entry.tactics() == null ? List.of() : entry.tactics(),
                entry.released(),
                entry.threshold(),
                entry.precision(),
                entry.recall(),
                entry.support());
    }

    private static ClassifyResponse.TechniqueResult technique(TechniqueTag tag) {
        List<ClassifyResponse.EvidenceResult> evidence = tag.evidence().stream()
                .map(e -> new ClassifyResponse.EvidenceResult(e.start(), e.end(), e.text(), e.score()))
                .toList();
        return new ClassifyResponse.TechniqueResult(
                tag.id(), tag.name(), tag.tactics() == null ? List.of() : tag.tactics(), tag.confidence(), evidence);
    }
}
