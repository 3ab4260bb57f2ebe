package dev.attacktagger.ingest.feeds.rest;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.attacktagger.ingest.feeds.model.Feed;

/** A feed as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedView(
        String id,
        String name,
        String url,
        int intervalMinutes,
        Instant createdAt,
        Instant lastPolledAt,
        Instant nextPollAt,
        String lastError,
        int itemsSeen) {

    public static FeedView of(Feed feed) {
        return new FeedView(
                feed.id().toString(),
                feed.name(),
                feed.url(),
                feed.intervalMinutes(),
                feed.createdAt(),
                feed.lastPolledAt(),
                feed.nextPollAt(),
                feed.lastError(),
                feed.itemsSeen());
    }
}
