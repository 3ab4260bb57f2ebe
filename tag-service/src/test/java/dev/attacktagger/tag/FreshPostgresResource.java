package dev.attacktagger.tag;

import java.util.Map;

import dev.attacktagger.testing.PostgresDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A database of its own, for a test profile whose catalogue must not meet the other tests' one. */
public class FreshPostgresResource implements QuarkusTestResourceLifecycleManager {

    private PostgresDatabase database;

    @Override
    public Map<String, String> start() {
        database = PostgresDatabase.create();
        return database.quarkusConfig();
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
