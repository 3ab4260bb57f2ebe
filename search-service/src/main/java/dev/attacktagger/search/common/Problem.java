package dev.attacktagger.search.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body. {@code position} and {@code expected} are this service's extension for query errors.
 *
 * @param position the 0-based offset in the query where a query error starts
 * @param expected what the query should have had at {@code position}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        Integer position,
        String expected) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
