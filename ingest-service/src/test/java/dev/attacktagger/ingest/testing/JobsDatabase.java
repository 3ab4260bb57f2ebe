package dev.attacktagger.ingest.testing;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import dev.attacktagger.testing.PostgresDatabase;

/**
 * A fresh database of its own with the service's schema, for tests that build the job and feed classes by hand. It is
 * not the database of the {@code @QuarkusTest}s, whose workers would otherwise take these tests' jobs.
 */
public final class JobsDatabase implements AutoCloseable {

    private final PostgresDatabase database;
    private final PGSimpleDataSource dataSource;

    public JobsDatabase() {
        database = PostgresDatabase.create();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        Flyway.configure()
                .dataSource(dataSource)
                .table("ingest_schema_history")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        database.close();
    }
}
