package dev.attacktagger.search.index;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The names of this service's indices, all under one prefix ({@code attacktagger.search.index-prefix}) so that tests
 * and several installations can share a node.
 */
@Singleton
public class IndexNames {

    private final String prefix;

    public IndexNames(
            @ConfigProperty(name = "attacktagger.search.index-prefix", defaultValue = "attacktagger") String prefix) {
        this.prefix = prefix;
    }

    /** The reports. */
    public String reports() {
        return prefix + "-reports";
    }

    /** The intelligence requirements: a percolator index with the reports' mappings. */
    public String requirements() {
        return prefix + "-requirements";
    }

    /** Which report matched which requirement, and when. */
    public String matches() {
        return prefix + "-requirement-matches";
    }

    String reportFieldsComponent() {
        return prefix + "-report-fields";
    }

    String prefix() {
        return prefix;
    }
}
