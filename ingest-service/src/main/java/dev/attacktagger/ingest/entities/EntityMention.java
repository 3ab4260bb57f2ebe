package dev.attacktagger.ingest.entities;

/**
 * ATT&amp;CK software or a group named in a report.
 *
 * @param attackId the ATT&amp;CK id, for example {@code S0002}
 * @param name the entry's ATT&amp;CK name, whichever alias the text used
 * @param kind {@code MALWARE}, {@code TOOL} or {@code GROUP}
 */
public record EntityMention(String attackId, String name, String kind) {}
