package dev.attacktagger.tag.report.model;

import java.util.List;

/** A report and its tags, sorted by technique id. */
public record ReportWithTags(Report report, List<ReportTag> tags) {}
