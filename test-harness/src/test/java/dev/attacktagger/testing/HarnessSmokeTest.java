package dev.attacktagger.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class HarnessSmokeTest {

    @Test
    void shouldStartOpenSearchWithTheExtraModulesAndAnswerQueries() {
        OpenSearchNode node = OpenSearchNode.shared();

        String root = node.request("GET", "/", null);
        assertThat(root).contains("\"number\" : \"" + OpenSearchNode.VERSION + "\"");
        assertThat(node.request("GET", "/_nodes/plugins?filter_path=**.modules.name", null))
                .contains("percolator")
                .contains("analysis-common");

        node.request(
                "PUT",
                "/smoke",
                "{\"settings\":{\"number_of_replicas\":0},\"mappings\":{\"properties\":{"
                        + "\"text\":{\"type\":\"text\",\"analyzer\":\"english\"},\"query\":{\"type\":\"percolator\"}}}}");
        node.request("PUT", "/smoke/_doc/1?refresh=true", "{\"text\":\"The actors were running PowerShell scripts\"}");
        String hits = node.request("POST", "/smoke/_search", "{\"query\":{\"match\":{\"text\":\"run\"}}}");
        assertThat(hits).contains("\"_id\":\"1\"");
    }

    @Test
    void shouldGiveAFreshPostgresDatabase() throws SQLException {
        PostgresDatabase database = PostgresDatabase.shared();

        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE smoke (id int primary key, name text)");
            statement.execute("INSERT INTO smoke VALUES (1, 'T1059.001')");
            try (ResultSet rows = statement.executeQuery("SELECT current_database(), name FROM smoke")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(database.database()).startsWith("attacktagger_test_");
                assertThat(rows.getString(2)).isEqualTo("T1059.001");
            }
        }
        assertThat(database.reactiveUrl())
                .isEqualTo("postgresql://" + database.host() + ":" + database.port() + "/" + database.database());
    }
}
