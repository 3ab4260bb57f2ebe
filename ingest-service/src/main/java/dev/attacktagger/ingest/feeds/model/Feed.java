package dev.attacktagger.ingest.feeds.model;

import java.time.Instant;
import java.util.UUID;

/** An RSS or Atom feed that is polled for new posts. */
public record Feed(
        UUID id,
        String organisation,
        String name,
        String url,
        int intervalMinutes,
        Instant createdAt,
        Instant nextPollAt,
        Instant lastPolledAt,
        String lastError,
        int itemsSeen) {}
