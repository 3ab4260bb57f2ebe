package dev.attacktagger.ingest.jobs.model;

/**
 * What tag-service holds of a report.
 *
 * @param reportId the report's id
 * @param duplicate true when tag-service already had the same content and the existing report is meant
 * @param tagsStored true once the system tags (and imported analyst tags) have been sent
 */
public record StoredReport(String reportId, boolean duplicate, boolean tagsStored) {}
