package dev.attacktagger.classify.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type a URI that names the kind of problem
 * @param title a short summary of that kind
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param errors for validation problems: which field and why
 */
@Schema(name = "Problem", description = "RFC 9457 problem detail")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_PREFIX = "urn:attack-tagger:problem:";

    /** A problem of the kind {@code slug}, without field errors. */
    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, instance, null);
    }

    /** A validation problem that names the fields at fault. */
    public static Problem invalid(String detail, String instance, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + "invalid-request", "Invalid request", 400, detail, instance, errors);
    }

    /**
     * One field of a request that fails validation.
     *
     * @param field the field's name, or its JSON path for nested fields
     * @param message what must hold
     */
    public record FieldError(String field, String message) {}
}
