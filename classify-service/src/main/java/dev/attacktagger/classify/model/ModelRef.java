package dev.attacktagger.classify.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which model answered. */
@Schema(name = "ModelRef")
public record ModelRef(String id, String attackVersion) {}
