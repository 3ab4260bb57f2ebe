package dev.attacktagger.tag.attack.model;

import java.util.List;

/**
 * An immutable copy of a catalogue row, kept in memory for id resolution and for the documents sent to search.
 *
 * @param id the canonical id
 * @param name the name
 * @param tactics the tactics' short names, in matrix order
 * @param parentId the parent technique of a sub-technique, else null
 * @param state active, revoked or deprecated
 * @param replacedBy the active replacement of a revoked technique, else null
 * @param attackVersion the release that last described it
 */
public record CatalogueEntry(
        String id,
        String name,
        List<String> tactics,
        String parentId,
        TechniqueState state,
        String replacedBy,
        String attackVersion) {

    public static CatalogueEntry of(AttackTechnique row) {
        return new CatalogueEntry(
                row.id,
                row.name,
                splitTactics(row.tactics),
                row.parentId,
                row.state,
                row.replacedBy,
                row.attackVersion);
    }

    public static List<String> splitTactics(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
