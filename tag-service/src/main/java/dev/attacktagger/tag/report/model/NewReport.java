package dev.attacktagger.tag.report.model;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/reports}. */
public record NewReport(
        @NotBlank @Size(max = 1000) String title,
        @Size(max = 500) String source,
        @Size(max = 4000) String url,
        LocalDate publishedAt,
        @NotBlank @Size(max = 5_000_000) String text,
        @Size(max = 35) String language,
        @Size(max = 10_000) List<@Valid Indicator> indicators,
        @Size(max = 10_000) List<@Valid EntityRef> entities) {}
