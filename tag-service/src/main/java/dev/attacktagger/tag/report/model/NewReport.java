package dev.attacktagger.tag.report.model;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/reports}.
 *
 * @param systemTags the classifier's proposals for the new report, optional: stored in the transaction that creates
 *     the report, as {@code PUT /api/v1/reports/{id}/system-tags} with the same body would store them afterwards
 */
public record NewReport(
        @NotBlank @Size(max = 1000) String title,
        @Size(max = 500) String source,
        @Size(max = 4000) String url,
        LocalDate publishedAt,
        @NotBlank @Size(max = 5_000_000) String text,
        @Size(max = 35) String language,
        @Size(max = 10_000) List<@Valid Indicator> indicators,
        @Size(max = 10_000) List<@Valid EntityRef> entities,
        @Valid SystemTags systemTags) {}
