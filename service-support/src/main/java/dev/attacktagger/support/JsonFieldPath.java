package dev.attacktagger.support;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Where in a request body Jackson stopped, written as a caller writes it: {@code indicators[0].value}. */
public final class JsonFieldPath {

    private JsonFieldPath() {}

    /** The path of the field the failure is about, or {@code body} when it is about the body as a whole. */
    public static String of(JsonMappingException failure) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
