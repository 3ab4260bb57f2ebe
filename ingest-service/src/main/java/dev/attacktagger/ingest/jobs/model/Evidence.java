package dev.attacktagger.ingest.jobs.model;

/** A passage that supports a technique, with character offsets into the report's text. */
public record Evidence(int start, int end, String text, double score) {}
