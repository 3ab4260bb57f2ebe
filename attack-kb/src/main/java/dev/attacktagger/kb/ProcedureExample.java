package dev.attacktagger.kb;

/**
 * A sentence in which ATT&amp;CK describes how some software, group or campaign used a technique.
 *
 * @param text the description as plain text
 * @param sourceStixId the STIX id of the software, group or campaign
 * @param sourceName its name
 * @param techniqueId the canonical id of the technique used
 */
public record ProcedureExample(String text, String sourceStixId, String sourceName, String techniqueId) {}
