package dev.attacktagger.tag.report.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An indicator of compromise named in a report, such as {@code ipv4 203.0.113.7}. */
public record Indicator(
        @NotBlank @Size(max = 64) String type,
        @NotBlank @Size(max = 2048) String value) {}
