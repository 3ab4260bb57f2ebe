package dev.attacktagger.tag.common;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every string of a request body must be text PostgreSQL can store as it was sent. PostgreSQL refuses the NUL
 * character in text (the insert failed with a 500), and its client writes a lone UTF-16 surrogate, which JSON's
 * {@code \ud800} escape can produce, as {@code ?} (the caller was answered with what it sent, and something else was
 * stored). Checking where Jackson reads strings covers every field of every body, present and future; the problem
 * mappers name the field with the {@link #reason} of {@link InvalidTextException}.
 */
@Singleton
public class StorableText implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new Deserializer()));
    }

    /** Why {@code value} cannot be stored, or {@code null} when it can. */
    static String reason(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text: it has a lone surrogate at character " + i;
            }
        }
        return null;
    }

    /** Jackson's own string deserializer, scalar coercion rules included, followed by the check. */
    static final class Deserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            String reason = value == null ? null : reason(value);
            if (reason != null) {
                throw new InvalidTextException(parser, reason);
            }
            return value;
        }
    }

    /** A string that cannot be stored; Jackson adds the path of its field on the way out. */
    public static final class InvalidTextException extends JsonMappingException {

        private final String reason;

        InvalidTextException(JsonParser parser, String reason) {
            super(parser, reason);
            this.reason = reason;
        }

        /** What is wrong with the value, without the value: {@code must not contain the NUL character}. */
        public String reason() {
            return reason;
        }
    }
}
