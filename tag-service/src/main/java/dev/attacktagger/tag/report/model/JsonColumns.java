package dev.attacktagger.tag.report.model;

import java.util.List;

import jakarta.persistence.AttributeConverter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Converters for the {@code jsonb} list columns. Hibernate Reactive hands a top-level JSON array to Vert.x as a JSON
 * object and fails, so the lists travel as text and the columns cast on the way in and out
 * ({@code @ColumnTransformer}); the parameter is typed text on the way in, since the PostgreSQL client would
 * otherwise send a Java string to a jsonb parameter as a JSON string.
 *
 * <p>The lists are never changed in place (what the converters read is unmodifiable, and the services assign new
 * lists), so the attributes are marked {@code @Mutability(Immutability.class)}: Hibernate then keeps the list itself
 * as its snapshot and compares with {@code equals}, instead of copying every value through JSON and back each time
 * an entity is loaded or persisted.
 */
public final class JsonColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonColumns() {}

    /** A list as the JSON text its column holds, for statements written as SQL. */
    public static String write(List<?> value) {
        try {
            return MAPPER.writeValueAsString(value == null ? List.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a list as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A list of records as a JSON array. */
    abstract static class ListConverter<T> implements AttributeConverter<List<T>, String> {

        private final JavaType type;

        ListConverter(Class<T> element) {
            this.type = MAPPER.getTypeFactory().constructCollectionType(List.class, element);
        }

        @Override
        public String convertToDatabaseColumn(List<T> value) {
            return write(value);
        }

        @Override
        public List<T> convertToEntityAttribute(String column) {
            if (column == null || column.isBlank()) {
                return List.of();
            }
            try {
                return List.copyOf(MAPPER.readValue(column, type));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored JSON is not a " + type + ": " + e.getOriginalMessage(), e);
            }
        }
    }

    public static final class Indicators extends ListConverter<Indicator> {
        public Indicators() {
            super(Indicator.class);
        }
    }

    public static final class Entities extends ListConverter<EntityRef> {
        public Entities() {
            super(EntityRef.class);
        }
    }

    public static final class Evidences extends ListConverter<Evidence> {
        public Evidences() {
            super(Evidence.class);
        }
    }
}
