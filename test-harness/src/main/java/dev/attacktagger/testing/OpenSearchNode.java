package dev.attacktagger.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jboss.logging.Logger;

/**
 * A real single-node OpenSearch for tests and for {@code scripts/stack}: the integration-test distribution from Maven
 * Central, unpacked once into a cache, started on a free loopback port as an unprivileged user when we are root, and
 * stopped when the JVM exits.
 *
 * <p>Besides the distribution's own {@code transport-netty4} module it installs {@code percolator} (percolate queries
 * for saved intelligence requirements) and {@code analysis-common} (the {@code english} analyzer), both from their
 * Maven Central jars.
 */
public final class OpenSearchNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OpenSearchNode.class);
    public static final String VERSION = System.getProperty("attacktagger.opensearch.version", "2.19.4");
    private static final String CENTRAL =
            System.getProperty("attacktagger.maven.central", "https://repo.maven.apache.org/maven2");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static OpenSearchNode shared;

    private final Process process;
    private final Path workDir;
    private final int httpPort;

    private OpenSearchNode(Process process, Path workDir, int httpPort) {
        this.process = process;
        this.workDir = workDir;
        this.httpPort = httpPort;
    }

    /** The node shared by every test of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized OpenSearchNode shared() {
        if (shared == null) {
            shared = start();
            OpenSearchNode node = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "opensearch-stop"));
        }
        return shared;
    }

    /** Starts a new node on a free port and waits until its cluster is green. */
    public static OpenSearchNode start() {
        return start(Processes.freePort());
    }

    /** Starts a new node on {@code httpPort} and waits until its cluster is green. */
    public static OpenSearchNode start(int httpPort) {
        try {
            Path home = distribution();
            Path work = Files.createTempDirectory("attacktagger-opensearch-");
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path config = work.resolve("config");
            copyTree(home.resolve("config"), config);
            // The launcher runs from the installation folder, which the server user cannot write: send the GC log,
            // error files and heap dumps of jvm.options to this node's own folder.
            Path jvmOptions = config.resolve("jvm.options");
            Files.writeString(
                    jvmOptions,
                    Files.readString(jvmOptions)
                            .replace("logs/", work.resolve("logs") + "/")
                            .replace("HeapDumpPath=data", "HeapDumpPath=" + work.resolve("data")));
            Files.writeString(
                    config.resolve("opensearch.yml"),
                    String.join(
                            "\n",
                            "cluster.name: attacktagger-test",
                            "node.name: node-1",
                            "discovery.type: single-node",
                            "network.host: 127.0.0.1",
                            "http.port: " + httpPort,
                            "transport.port: " + Processes.freePort(),
                            "path.data: " + work.resolve("data"),
                            "path.logs: " + work.resolve("logs"),
                            "cluster.routing.allocation.disk.threshold_enabled: false",
                            "action.auto_create_index: true",
                            ""));
            Files.createDirectories(work.resolve("data"));
            Files.createDirectories(work.resolve("logs"));
            Files.createDirectories(work.resolve("tmp"));
            Processes.handToServerUser(work);

            Map<String, String> env = new LinkedHashMap<>();
            env.put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
            env.put("OPENSEARCH_PATH_CONF", config.toString());
            env.put("OPENSEARCH_TMPDIR", work.resolve("tmp").toString());
            env.put("OPENSEARCH_JAVA_OPTS", System.getProperty("attacktagger.opensearch.heap", "-Xms512m -Xmx512m"));
            List<String> command = Processes.asServerUser(
                    env, List.of(home.resolve("bin/opensearch").toString()));
            Path console = work.resolve("console.log");
            // jvm.options writes the GC log and heap dumps relative to the working folder.
            Process process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile())
                    .start();
            OpenSearchNode node = new OpenSearchNode(process, work, httpPort);
            node.awaitGreen(console);
            LOG.infof("OpenSearch %s is up at %s (work folder %s)", VERSION, node.url(), work);
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start OpenSearch: " + e.getMessage(), e);
        }
    }

    /** The HTTP address, for example {@code http://127.0.0.1:45123}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int port() {
        return httpPort;
    }

    /** Sends a request and returns the response body; fails on any status of 400 or more. */
    public String request(String method, String path, String jsonBody) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json");
            builder.method(
                    method,
                    jsonBody == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(jsonBody));
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
        deleteTree(workDir);
    }

    private void awaitGreen(Path console) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create(url() + "/_cluster/health?wait_for_status=green&timeout=2s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("OpenSearch exited with code " + process.exitValue()
                        + " before it was ready; its output ends with:\n" + Processes.tail(console, 40));
            }
            try {
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"status\":\"green\"")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("OpenSearch was not green within " + START_TIMEOUT.toSeconds()
                + " s; its output ends with:\n" + Processes.tail(console, 40));
    }

    /** The unpacked distribution with the extra modules, made once per cache folder. */
    static synchronized Path distribution() throws IOException {
        Path cache = cacheDir();
        Path home = cache.resolve("opensearch-" + VERSION);
        Path ready = home.resolve(".attacktagger-ready");
        if (Files.exists(ready)) {
            return home;
        }
        deleteTree(home);
        Files.createDirectories(cache);
        Path zip = artifact("org/opensearch/distribution/integ-test-zip/opensearch", "opensearch", "zip");
        Path staging = Files.createTempDirectory(cache, "unpack-");
        unzip(zip, staging);
        Path unpacked = staging.resolve("opensearch-" + VERSION);
        installModule(
                unpacked,
                "percolator",
                "percolator-client",
                "Percolator module adds capability to index queries and query these queries",
                "org.opensearch.percolator.PercolatorPlugin");
        installModule(
                unpacked,
                "analysis-common",
                "analysis-common",
                "Adds common text analysis components such as the english analyzer",
                "org.opensearch.analysis.common.CommonAnalysisPlugin");
        try (Stream<Path> bins = Files.list(unpacked.resolve("bin"))) {
            for (Path bin : (Iterable<Path>) bins::iterator) {
                Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(staging);
        Files.writeString(ready, VERSION);
        return home;
    }

    private static void installModule(Path home, String name, String artifactId, String description, String classname)
            throws IOException {
        Path dir = home.resolve("modules").resolve(name);
        Files.createDirectories(dir);
        Path jar = artifact("org/opensearch/plugin/" + artifactId, artifactId, "jar");
        Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(
                dir.resolve("plugin-descriptor.properties"),
                String.join(
                        "\n",
                        "description=" + description,
                        "version=" + VERSION,
                        "name=" + name,
                        "classname=" + classname,
                        "java.version=11",
                        "opensearch.version=" + VERSION,
                        ""));
    }

    /** An artifact from the local Maven repository, downloaded from Maven Central when it is not there. */
    private static Path artifact(String groupPath, String artifactId, String extension) throws IOException {
        String file = artifactId + "-" + VERSION + "." + extension;
        String relative = groupPath + "/" + VERSION + "/" + file;
        Path local = Path.of(
                        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"))
                .resolve(relative);
        if (Files.isRegularFile(local)) {
            return local;
        }
        Path target = cacheDir().resolve("downloads").resolve(file);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        LOG.infof("downloading %s from Maven Central", relative);
        try {
            HttpResponse<Path> response = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(CENTRAL + "/" + relative))
                                    .build(),
                            HttpResponse.BodyHandlers.ofFile(target.resolveSibling(file + ".part")));
            if (response.statusCode() != 200) {
                throw new IOException("Maven Central answered " + response.statusCode() + " for " + relative);
            }
            Files.move(response.body(), target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + relative, e);
        }
    }

    /** Where unpacked servers are kept; readable by the unprivileged user, so not under root's home. */
    static Path cacheDir() {
        String configured = System.getProperty("attacktagger.cache", System.getenv("ATTACKTAGGER_CACHE"));
        return Path.of(configured != null ? configured : "/tmp/attacktagger-cache");
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", root, e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
