package dev.attacktagger.ingest.common.rest;

/** One invalid field of a request: which, and why. */
public record FieldError(String field, String message) {}
