package dev.attacktagger.classify.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Released techniques.
 *
 * @param techniques sorted by id
 * @param count how many
 */
@Schema(name = "TechniqueList")
public record TechniqueList(List<TechniqueCard> techniques, int count) {}
