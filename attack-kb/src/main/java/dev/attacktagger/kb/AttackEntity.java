package dev.attacktagger.kb;

import java.util.List;

/**
 * Software, a group or a campaign that ATT&amp;CK describes.
 *
 * @param stixId the STIX object id
 * @param attackId the ATT&amp;CK id ({@code S0154}, {@code G0016}, {@code C0024}), or {@code null} when it has none
 * @param kind what it is
 * @param name the name
 * @param aliases other names it is known by, without the name itself
 */
public record AttackEntity(String stixId, String attackId, Kind kind, String name, List<String> aliases) {

    /** The kinds of named things ATT&amp;CK tracks. */
    public enum Kind {
        MALWARE,
        TOOL,
        GROUP,
        CAMPAIGN;

        /** Whether the kind is software (malware or a tool). */
        public boolean isSoftware() {
            return this == MALWARE || this == TOOL;
        }
    }
}
