package dev.attacktagger.search.common;

/** One invalid field of a request, as problem+json lists it. */
public record FieldError(String field, String message) {}
