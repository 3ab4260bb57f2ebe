package dev.attacktagger.search.navigator.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An ATT&amp;CK Navigator layer, format 4.5: what the Navigator opens with "Open Existing Layer". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NavigatorLayer(
        String name,
        Versions versions,
        String domain,
        String description,
        int sorting,
        Layout layout,
        boolean hideDisabled,
        List<Technique> techniques,
        Gradient gradient,
        List<LegendItem> legendItems,
        List<Metadata> metadata,
        boolean showTacticRowBackground,
        String tacticRowBackground,
        boolean selectTechniquesAcrossTactics,
        boolean selectSubtechniquesWithParent,
        boolean selectVisibleTechniques) {

    /** The versions of the layer format, of ATT&amp;CK and of the Navigator. */
    public record Versions(String layer, String attack, String navigator) {}

    /** How the matrix is drawn. */
    public record Layout(String layout, String aggregateFunction, boolean showID, boolean showName) {}

    /**
     * One technique in one tactic's column.
     *
     * @param techniqueID the id, as the Navigator spells the key
     * @param tactic the tactic's short name
     * @param score how many matching reports carry exactly this technique
     * @param showSubtechniques whether the Navigator opens the technique's sub-techniques
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Technique(
            String techniqueID,
            String tactic,
            long score,
            String comment,
            boolean enabled,
            List<Metadata> metadata,
            boolean showSubtechniques) {}

    /** Scores between minValue and maxValue are coloured along the colours. */
    public record Gradient(List<String> colors, long minValue, long maxValue) {}

    public record LegendItem(String label, String color) {}

    public record Metadata(String name, String value) {}
}
