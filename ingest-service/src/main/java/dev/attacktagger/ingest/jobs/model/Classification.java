package dev.attacktagger.ingest.jobs.model;

import java.util.List;

/** What classify-service answered for one report. */
public record Classification(String modelId, List<ProposedTechnique> techniques) {}
