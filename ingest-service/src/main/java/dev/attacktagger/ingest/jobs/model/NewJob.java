package dev.attacktagger.ingest.jobs.model;

import java.util.UUID;

/**
 * What a job is created from.
 *
 * @param content the uploaded bytes or the UTF-8 text; null for a URL
 * @param feedId the feed the URL came from, or null
 */
public record NewJob(
        JobKind kind,
        String organisation,
        String requestedBy,
        String title,
        String source,
        String url,
        String publishedAt,
        String fileName,
        String mediaType,
        byte[] content,
        UUID feedId) {}
