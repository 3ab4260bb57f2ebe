package dev.attacktagger.search.searching.model;

import java.util.List;

/**
 * Reports that share techniques with one report.
 *
 * @param reportId the report asked about
 * @param techniques its techniques
 * @param related the others, most related first
 */
public record RelatedReports(String reportId, List<String> techniques, List<Related> related) {

    /**
     * One related report.
     *
     * @param score the sum of the weights of the shared techniques
     * @param shared the techniques both have, heaviest first
     */
    public record Related(ReportSummary report, double score, List<SharedTechnique> shared) {}

    /**
     * A technique two reports share.
     *
     * @param reports how many reports of the organisation have it
     * @param weight how much sharing it says: {@code ln(1 + N / reports)} over the N reports of the organisation
     */
    public record SharedTechnique(String techniqueId, String name, long reports, double weight) {}
}
