package dev.attacktagger.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * A fresh PostgreSQL database for one test run.
 *
 * <p>It is made on the server at {@code 127.0.0.1:5432} when one answers there (host, port, user and password can be
 * changed with the {@code ATTACKTAGGER_PG_*} environment variables), else on a throwaway cluster made with
 * {@code initdb} in a temporary folder, run as an unprivileged user. When PostgreSQL is not installed at all it fails
 * with a message that says how to install it. The database is dropped when the JVM exits.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostgresDatabase.class);
    private static PostgresDatabase shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final Process ownCluster;
    private final Path ownClusterDir;

    private PostgresDatabase(
            String host, int port, String user, String password, String database, Process cluster, Path dir) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.ownCluster = cluster;
        this.ownClusterDir = dir;
    }

    /** The database shared by every test of this JVM, dropped when the JVM exits. */
    public static synchronized PostgresDatabase shared() {
        if (shared == null) {
            shared = create();
            PostgresDatabase database = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "postgres-drop"));
        }
        return shared;
    }

    /** Creates a new, empty database. */
    public static PostgresDatabase create() {
        String host = env("ATTACKTAGGER_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("ATTACKTAGGER_PG_PORT", "5432"));
        String user = env("ATTACKTAGGER_PG_USER", "postgres");
        String password = env("ATTACKTAGGER_PG_PASSWORD", "");
        String name = "attacktagger_test_" + Long.toString(System.currentTimeMillis(), 36)
                + ThreadLocalRandom.current().nextInt(1000, 9999);
        if (listening(host, port)) {
            createDatabase(host, port, user, password, name);
            LOG.infof("test database %s on the PostgreSQL server at %s:%d", name, host, port);
            return new PostgresDatabase(host, port, user, password, name, null, null);
        }
        return startThrowawayCluster(name);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    /** For example {@code jdbc:postgresql://127.0.0.1:5432/attacktagger_test_x}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The URL the reactive (Vert.x) client takes: {@code postgresql://127.0.0.1:5432/attacktagger_test_x}. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Quarkus configuration for a datasource on this database, JDBC and reactive both. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.username",
                user,
                "quarkus.datasource.password",
                password,
                "quarkus.datasource.jdbc.url",
                jdbcUrl(),
                "quarkus.datasource.reactive.url",
                reactiveUrl());
    }

    /** A JDBC connection to the database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public void close() {
        if (ownCluster != null) {
            Processes.stop(ownCluster);
            OpenSearchNode.deleteTree(ownClusterDir);
            return;
        }
        try (Connection admin = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            LOG.debugf("could not drop test database %s: %s", database, e.getMessage());
        }
    }

    private static void createDatabase(String host, int port, String user, String password, String name) {
        try (Connection admin = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL answers at " + host + ":" + port + " but a test database could not be created as "
                            + user + ": " + e.getMessage(),
                    e);
        }
    }

    private static PostgresDatabase startThrowawayCluster(String name) {
        Path bin = postgresBin()
                .orElseThrow(() -> new IllegalStateException("No PostgreSQL server answers at 127.0.0.1:5432 and none"
                        + " is installed. Install one (Debian: apt-get install postgresql) or point ATTACKTAGGER_PG_HOST"
                        + " and ATTACKTAGGER_PG_PORT at a server."));
        try {
            Path dir = Files.createTempDirectory("attacktagger-pg-");
            Path data = dir.resolve("data");
            Processes.handToServerUser(dir);
            int port = Processes.freePort();
            run(Processes.asServerUser(
                    Map.of(),
                    List.of(
                            bin.resolve("initdb").toString(),
                            "-D",
                            data.toString(),
                            "-U",
                            "postgres",
                            "--auth=trust",
                            "-E",
                            "UTF8",
                            "--no-sync")));
            List<String> command = new ArrayList<>(Processes.asServerUser(
                    Map.of(),
                    List.of(
                            bin.resolve("postgres").toString(),
                            "-D",
                            data.toString(),
                            "-p",
                            String.valueOf(port),
                            "-k",
                            dir.toString(),
                            "-c",
                            "listen_addresses=127.0.0.1",
                            "-c",
                            "fsync=off")));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("postgres.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!listening("127.0.0.1", port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    Processes.stop(process);
                    throw new IllegalStateException("the throwaway PostgreSQL did not start; its log ends with:\n"
                            + Processes.tail(dir.resolve("postgres.log"), 20));
                }
                Thread.sleep(200);
            }
            createDatabase("127.0.0.1", port, "postgres", "", name);
            LOG.infof("test database %s on a throwaway PostgreSQL cluster at 127.0.0.1:%d", name, port);
            return new PostgresDatabase("127.0.0.1", port, "postgres", "", name, process, dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }

    /** The folder with {@code initdb} and {@code postgres}: Debian's versioned folders first, then the PATH. */
    static Optional<Path> postgresBin() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                        .max(Path::compareTo);
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                LOG.debugf("cannot list %s: %s", debian, e.getMessage());
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path bin = Path.of(dir);
            if (Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb"))) {
                return Optional.of(bin);
            }
        }
        return Optional.empty();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
