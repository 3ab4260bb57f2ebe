package dev.attacktagger.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a fresh real PostgreSQL database: {@code @QuarkusTestResource(PostgresTestResource.class)}.
 * Sets the default datasource's JDBC and reactive URLs, user and password.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return PostgresDatabase.shared().quarkusConfig();
    }

    @Override
    public void stop() {
        // The database is shared by the JVM's tests and is dropped when the JVM exits.
    }
}
