package dev.attacktagger.ingest.documents.rest;

/**
 * A document posted as JSON: either its text, or a URL to fetch it from.
 *
 * @param publishedAt {@code yyyy-MM-dd} or an ISO-8601 timestamp
 */
public record TextDocumentRequest(String title, String text, String url, String source, String publishedAt) {}
