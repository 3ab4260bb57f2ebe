package dev.attacktagger.tag.report.model;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.attacktagger.tag.common.HttpUrl;
import dev.attacktagger.tag.common.YearBetween;

/**
 * The body of {@code POST /api/v1/reports}.
 *
 * @param publishedAt the date the source published the report: in the years 1900 to 2200, so that it is stored as
 *     it was sent
 * @param systemTags the classifier's proposals for the new report, optional: stored in the transaction that creates
 *     the report, as {@code PUT /api/v1/reports/{id}/system-tags} with the same body would store them afterwards
 */
public record NewReport(
        @NotBlank @Size(max = 1000) String title,
        @Size(max = 500) String source,
        @Size(max = 4000) @HttpUrl String url,
        @YearBetween(min = 1900, max = 2200) LocalDate publishedAt,
        @NotBlank @Size(max = 5_000_000) String text,
        @Size(max = 35) String language,
        @Size(max = 10_000) List<@Valid @NotNull Indicator> indicators,
        @Size(max = 10_000) List<@Valid @NotNull EntityRef> entities,
        @Valid SystemTags systemTags) {}
