package dev.attacktagger.tag.attack.service;

import java.util.List;

/**
 * What loading an ATT&amp;CK release changed.
 *
 * @param fromVersion the catalogue's version before, null when it was empty
 * @param toVersion the release loaded
 * @param added techniques that became active
 * @param revoked techniques that became revoked
 * @param deprecated techniques that became deprecated
 * @param changed techniques whose name, tactics or parent changed
 * @param tagsMoved tags moved from a revoked technique to its replacement
 * @param tagsMerged tags on a revoked technique folded into the report's tag on the replacement
 * @param tagsFlagged tags whose technique's standing changed (deprecated, revoked without replacement, active again)
 * @param reportsChanged reports that got a new version
 */
public record UpgradeSummary(
        String fromVersion,
        String toVersion,
        List<String> added,
        List<String> revoked,
        List<String> deprecated,
        List<String> changed,
        int tagsMoved,
        int tagsMerged,
        int tagsFlagged,
        int reportsChanged) {}
