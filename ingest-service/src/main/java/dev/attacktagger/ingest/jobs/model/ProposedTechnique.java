package dev.attacktagger.ingest.jobs.model;

import java.util.List;

/** A technique the classifier proposed for a report. */
public record ProposedTechnique(String id, String name, double confidence, List<Evidence> evidence) {}
