package dev.attacktagger.kb;

import java.util.List;

/**
 * An ATT&amp;CK technique or sub-technique.
 *
 * @param id the canonical id, {@code T1059} or {@code T1059.001}
 * @param stixId the STIX object id
 * @param name the name, for example {@code PowerShell}
 * @param description the description as plain text (links reduced to their text, citations removed)
 * @param tactics the tactics' short names, in matrix order
 * @param platforms the platforms it applies to
 * @param parentId the parent technique's id for a sub-technique, else {@code null}
 * @param children the ids of its sub-techniques, sorted
 * @param url the ATT&amp;CK page
 * @param revoked whether ATT&amp;CK revoked it (see {@link AttackKnowledgeBase#resolve(String)})
 * @param deprecated whether ATT&amp;CK deprecated it
 */
public record Technique(
        String id,
        String stixId,
        String name,
        String description,
        List<String> tactics,
        List<String> platforms,
        String parentId,
        List<String> children,
        String url,
        boolean revoked,
        boolean deprecated) {

    /** Whether this is a sub-technique. */
    public boolean isSubtechnique() {
        return parentId != null;
    }

    /** Whether the technique is in use: neither revoked nor deprecated. */
    public boolean isActive() {
        return !revoked && !deprecated;
    }

    /** The name as ATT&amp;CK shows it for a sub-technique: {@code Command and Scripting Interpreter: PowerShell}. */
    public String fullName(AttackKnowledgeBase kb) {
        if (parentId == null) {
            return name;
        }
        return kb.technique(parentId).map(parent -> parent.name() + ": " + name).orElse(name);
    }
}
