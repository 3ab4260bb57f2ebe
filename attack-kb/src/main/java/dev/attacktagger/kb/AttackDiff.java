package dev.attacktagger.kb;

import java.util.List;
import java.util.Map;

/**
 * What changed between two ATT&amp;CK versions, by technique id.
 *
 * @param fromVersion the older version
 * @param toVersion the newer version
 * @param added techniques active in the newer version that were absent or inactive in the older one
 * @param revoked techniques revoked in the newer version but not in the older one, each with its replacement (null
 *     when the bundle names none)
 * @param deprecated techniques deprecated in the newer version but not in the older one
 * @param renamed techniques whose name changed: id to the pair {@code [old name, new name]}
 */
public record AttackDiff(
        String fromVersion,
        String toVersion,
        List<String> added,
        Map<String, String> revoked,
        List<String> deprecated,
        Map<String, List<String>> renamed) {

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return added.isEmpty() && revoked.isEmpty() && deprecated.isEmpty() && renamed.isEmpty();
    }
}
