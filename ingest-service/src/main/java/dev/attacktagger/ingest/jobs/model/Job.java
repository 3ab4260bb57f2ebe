package dev.attacktagger.ingest.jobs.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as stored. {@code content} is only loaded for the worker that runs the job; {@code reports} is empty until
 * extraction has finished.
 */
public record Job(
        UUID id,
        JobState state,
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
        UUID feedId,
        List<ReportDraft> reports,
        List<String> warnings,
        String reason,
        int attempts,
        String lastError,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        Instant extractingAt,
        Instant classifyingAt,
        Instant storingAt,
        Instant finishedAt,
        long extractMillis,
        long classifyMillis,
        long storeMillis) {}
