package dev.attacktagger.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Optional;

import jakarta.json.stream.JsonGenerator;

import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.attacktagger.search.query.QueryParser;

class QueryTranslatorTest {

    private static JsonNode json(String query) throws Exception {
        Query translated = QueryTranslator.translate(QueryParser.parse(query, written -> Optional.of(written)));
        JsonpMapper mapper = new JacksonJsonpMapper();
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            translated.serialize(generator, mapper);
        }
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void shouldPutTagConditionsJoinedByAndIntoOneNestedQuery() throws Exception {
        JsonNode query = json("attackTag = \"T1059\" AND confidence > 0.8");
        assertThat(query.at("/nested/path").asText()).isEqualTo("tags");
        assertThat(query.at("/nested/query/bool/must/0/term/tags.family/value").asText())
                .isEqualTo("T1059");
        assertThat(query.at("/nested/query/bool/must/1/range/tags.confidence/gt")
                        .asDouble())
                .isEqualTo(0.8);
    }

    @Test
    void shouldKeepReportConditionsOutsideTheNestedQuery() throws Exception {
        JsonNode query = json("source = \"Vendor\" AND attackTag = \"T1059.001\" AND origin = \"user\"");
        assertThat(query.at("/bool/must/0/term/source.lower/value").asText()).isEqualTo("vendor");
        JsonNode nested = query.at("/bool/must/1/nested");
        assertThat(nested.at("/query/bool/must/0/term/tags.techniqueId/value").asText())
                .isEqualTo("T1059.001");
        assertThat(nested.at("/query/bool/must/1/term/tags.origin/value").asText())
                .isEqualTo("USER");
    }

    @Test
    void shouldKeepNegationOutsideTheNestedQuery() throws Exception {
        JsonNode query = json("NOT (attackTag = \"T1059\" AND origin = \"USER\")");
        assertThat(query.at("/bool/must_not/0/nested/query/bool/must/0/term/tags.family/value")
                        .asText())
                .isEqualTo("T1059");
    }

    @Test
    void shouldAnswerTechniqueAndTacticPredicatesFromTheFlatCopies() throws Exception {
        assertThat(json("attackTag != \"T1059\"")
                        .at("/bool/must_not/0/term/families/value")
                        .asText())
                .isEqualTo("T1059");
        assertThat(json("attackTag == \"T1059\"").at("/term/techniques/value").asText())
                .isEqualTo("T1059");
        JsonNode either = json("attackTag = \"T1059.001\" OR tactic = \"execution\"");
        assertThat(either.at("/bool/should/0/term/techniques/value").asText()).isEqualTo("T1059.001");
        assertThat(either.at("/bool/should/1/term/tactics/value").asText()).isEqualTo("execution");
        JsonNode mixed = json("attackTag = \"T1059\" AND source = \"x\"");
        assertThat(mixed.at("/bool/must/1/term/families/value").asText()).isEqualTo("T1059");
    }

    @Test
    void shouldEscapeWildcardsInContains() throws Exception {
        JsonNode query = json("title CONTAINS \"50*off?\"");
        assertThat(query.at("/wildcard/title.raw/value").asText()).isEqualTo("*50\\*off\\?*");
        assertThat(query.at("/wildcard/title.raw/case_insensitive").asBoolean()).isTrue();
    }

    @Test
    void shouldTurnDatesIntoPeriods() throws Exception {
        JsonNode month = json("published = \"2024-02\"");
        assertThat(month.at("/range/publishedAt/gte").asText()).isEqualTo("2024-02-01");
        assertThat(month.at("/range/publishedAt/lt").asText()).isEqualTo("2024-03-01");
        assertThat(json("published > \"2024\"").at("/range/publishedAt/gte").asText())
                .isEqualTo("2025-01-01");
        assertThat(json("published <= \"2024-12-31\"")
                        .at("/range/publishedAt/lt")
                        .asText())
                .isEqualTo("2025-01-01");
    }
}
