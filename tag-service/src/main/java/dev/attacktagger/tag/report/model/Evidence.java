package dev.attacktagger.tag.report.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A passage of the report's text that supports a tag: character offsets (UTF-16 code units, {@code end} exclusive),
 * the text and its score. The offsets must lie within the report's text with {@code start <= end}; the services check
 * that, since it needs the text.
 */
public record Evidence(
        @NotNull @Min(0) Integer start,
        @NotNull @Min(0) Integer end,
        @Size(max = 10_000) String text,
        @DecimalMin("0") @DecimalMax("1") Double score) {}
