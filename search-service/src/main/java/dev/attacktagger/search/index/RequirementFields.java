package dev.attacktagger.search.index;

/** The fields of a requirement document in the percolator index, beside the report fields it shares. */
final class RequirementFields {

    /** The stored query, of type percolator. */
    static final String QUERY = "query";
    /** The requirement itself: id, name, the query as written, organisation, createdAt. */
    static final String REQUIREMENT = "requirement";

    private RequirementFields() {}
}
