package dev.attacktagger.tag.report.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Software, a group or a campaign that ATT&amp;CK describes and a report names, such as {@code S0002 Mimikatz TOOL}. */
public record EntityRef(
        @Size(max = 32) String attackId,
        @NotBlank @Size(max = 500) String name,
        @Size(max = 32) String kind) {}
