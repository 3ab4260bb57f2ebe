package dev.attacktagger.ingest.feeds.rest;

/** A feed to follow: its RSS or Atom URL, a name, and how often to poll it. */
public record FeedRequest(String url, String name, Integer intervalMinutes) {}
