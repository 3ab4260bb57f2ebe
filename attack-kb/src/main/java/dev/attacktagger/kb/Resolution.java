package dev.attacktagger.kb;

/**
 * What a written technique id stands for in one ATT&amp;CK version.
 *
 * @param written the id as it was written
 * @param id the canonical form of the written id, or {@code null} when it is not an id at all
 * @param status what ATT&amp;CK says about that id
 * @param currentId the active technique to tag: the id itself when active, the replacement when revoked, else null
 */
public record Resolution(String written, String id, Status status, String currentId) {

    /** The states a written id can be in. */
    public enum Status {
        /** An active technique. */
        ACTIVE,
        /** Revoked and replaced by {@link #currentId()}. */
        REVOKED,
        /** Deprecated, with no replacement. */
        DEPRECATED,
        /** Well formed but not in this ATT&amp;CK version. */
        UNKNOWN,
        /** Not a technique id. */
        MALFORMED
    }

    /** Whether the id leads to an active technique. */
    public boolean isTaggable() {
        return currentId != null;
    }
}
