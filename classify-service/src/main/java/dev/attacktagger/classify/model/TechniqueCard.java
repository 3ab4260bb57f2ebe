package dev.attacktagger.classify.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One technique as the model treats it.
 *
 * @param id the technique id
 * @param name its name
 * @param tactics its tactics' short names
 * @param released whether the model proposes it
 * @param threshold the confidence from which it is proposed
 * @param precision validation precision at that threshold; null when it was never predicted
 * @param recall validation recall at that threshold; null without validation examples
 * @param support how many validation documents carry it
 */
@Schema(name = "TechniqueCard")
public record TechniqueCard(
        String id,
        String name,
        List<String> tactics,
        boolean released,
        double threshold,
        Double precision,
        Double recall,
        int support) {}
