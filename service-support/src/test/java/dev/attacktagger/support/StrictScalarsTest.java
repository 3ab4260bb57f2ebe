package dev.attacktagger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

class StrictScalarsTest {

    record Body(String text, Boolean evidence, Double threshold, Integer size, int page) {}

    private final ObjectMapper mapper = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictScalars().customize(mapper);
        return mapper;
    }

    @Test
    void shouldReadEachFieldInItsOwnType() throws Exception {
        Body body = mapper.readValue(
                "{\"text\": \"x\", \"evidence\": false, \"threshold\": 0.5, \"size\": 7, \"page\": 2}", Body.class);

        assertThat(body).isEqualTo(new Body("x", false, 0.5, 7, 2));
    }

    @Test
    void shouldStillReadAWholeNumberAsADecimalOne() throws Exception {
        assertThat(mapper.readValue("{\"threshold\": 1}", Body.class).threshold())
                .isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"text\": 5}",
                "{\"text\": 0.5}",
                "{\"text\": true}",
                "{\"evidence\": 1}",
                "{\"evidence\": \"true\"}",
                "{\"threshold\": \"0.5\"}",
                "{\"threshold\": false}",
                "{\"size\": \"7\"}",
                "{\"page\": \"2\"}",
                "{\"page\": true}",
                "{\"size\": 5.7}",
                "{\"page\": 2.5}"
            })
    void shouldRefuseAScalarOfAnotherTypeNamingTheField(String json) {
        String field = json.substring(2, json.indexOf('"', 2));

        assertThatThrownBy(() -> mapper.readValue(json, Body.class))
                .isInstanceOf(MismatchedInputException.class)
                .satisfies(e -> assertThat(
                                ((MismatchedInputException) e).getPath().get(0).getFieldName())
                        .isEqualTo(field));
    }

    record Indicator(String value) {}

    record Report(java.util.List<Indicator> indicators) {}

    @Test
    void shouldWriteTheFieldPathAsACallerWritesIt() {
        assertThatThrownBy(
                        () -> mapper.readValue("{\"indicators\": [{\"value\": \"a\"}, {\"value\": 7}]}", Report.class))
                .isInstanceOfSatisfying(
                        MismatchedInputException.class,
                        e -> assertThat(JsonFieldPath.of(e)).isEqualTo("indicators[1].value"));
        assertThatThrownBy(() -> mapper.readValue("[1]", Body.class))
                .isInstanceOfSatisfying(
                        MismatchedInputException.class,
                        e -> assertThat(JsonFieldPath.of(e)).isEqualTo("body"));
    }

    @Test
    void shouldLeaveAPlainMapperLenientSoTheTestAboveMeansSomething() throws Exception {
        assertThat(new ObjectMapper().readValue("{\"size\": \"7\"}", Body.class).size())
                .isEqualTo(7);
    }
}
