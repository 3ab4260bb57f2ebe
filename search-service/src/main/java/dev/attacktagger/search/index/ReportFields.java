package dev.attacktagger.search.index;

/** The field names of a report document in OpenSearch, shared by the mapping, the documents and the queries. */
public final class ReportFields {

    public static final String ID = "id";
    public static final String VERSION = "version";
    public static final String ORGANISATION = "organisation";
    public static final String TITLE = "title";
    public static final String TITLE_RAW = "title.raw";
    public static final String TITLE_LOWER = "title.lower";
    public static final String SOURCE = "source";
    public static final String SOURCE_LOWER = "source.lower";
    public static final String URL = "url";
    public static final String PUBLISHED_AT = "publishedAt";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LANGUAGE = "language";
    public static final String TEXT = "text";
    public static final String INDICATORS = "indicators";
    public static final String INDICATOR_VALUE = "indicators.value";
    public static final String INDICATOR_VALUE_LOWER = "indicators.value.lower";
    public static final String ENTITIES = "entities";
    public static final String TAGS = "tags";
    public static final String TAG_TECHNIQUE = "tags.techniqueId";
    /** The parent id of a sub-technique, or the technique's own id: what rolls a parent up to its children. */
    public static final String TAG_FAMILY = "tags.family";

    public static final String TAG_TACTICS = "tags.tactics";
    public static final String TAG_CONFIDENCE = "tags.confidence";
    public static final String TAG_ORIGIN = "tags.origin";
    public static final String TAG_STATE = "tags.state";
    /** Rejected tags: kept with the report but not indexed, so no tag query can match them. */
    public static final String REJECTED_TAGS = "rejectedTags";
    /** The distinct technique ids of the report's tags that are not rejected, for facets, layers and relations. */
    public static final String TECHNIQUES = "techniques";

    /** The families of those techniques: each id's parent, or the id itself for a parent technique. */
    public static final String FAMILIES = "families";

    public static final String TACTICS = "tactics";
    public static final String TECHNIQUE_COUNT = "techniqueCount";

    private ReportFields() {}
}
