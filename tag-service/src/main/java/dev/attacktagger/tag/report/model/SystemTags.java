package dev.attacktagger.tag.report.model;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Every proposal of one model run: the body of {@code PUT /api/v1/reports/{id}/system-tags}, and the optional
 * {@code systemTags} of {@code POST /api/v1/reports}.
 */
public record SystemTags(
        @NotBlank @Size(max = 200) String modelId,
        @NotNull @Size(max = 2000) List<@Valid @NotNull Proposal> tags) {

    /** One technique the classifier proposes, with its confidence and evidence. */
    public record Proposal(
            @NotBlank @Size(max = 200) String techniqueId,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double confidence,
            @Size(max = 1000) List<@Valid @NotNull Evidence> evidence) {}
}
