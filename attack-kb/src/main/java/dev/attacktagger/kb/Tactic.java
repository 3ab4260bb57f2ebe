package dev.attacktagger.kb;

/**
 * An ATT&amp;CK tactic, a column of the matrix.
 *
 * @param id the {@code TA} id, for example {@code TA0002}
 * @param shortName the name used in kill-chain phases, for example {@code execution}
 * @param name the display name, for example {@code Execution}
 * @param order the column of the matrix, from 0
 */
public record Tactic(String id, String shortName, String name, int order) {}
