package dev.attacktagger.tag.report.model;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/reports/{id}/tags}: an analyst tags a technique. */
public record NewUserTag(
        @NotBlank @Size(max = 200) String techniqueId,
        @Size(max = 4000) String note) {}
