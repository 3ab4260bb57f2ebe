package dev.attacktagger.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the harness needs to run servers as an unprivileged user on free loopback ports. */
final class Processes {

    /** The user that servers refusing root (OpenSearch, PostgreSQL) run as when the tests run as root. */
    static final String UNPRIVILEGED_USER = System.getProperty("attacktagger.test.user", "nobody");

    private Processes() {}

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A TCP port nothing listens on at the moment it is asked. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port on this machine", e);
        }
    }

    /**
     * A command line that runs {@code command} with {@code env}, as {@link #UNPRIVILEGED_USER} when we are root.
     * The environment is passed through {@code env} because {@code runuser} resets part of it.
     */
    static List<String> asServerUser(Map<String, String> env, List<String> command) {
        List<String> line = new ArrayList<>();
        if (runningAsRoot()) {
            line.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        line.add("env");
        env.forEach((key, value) -> line.add(key + "=" + value));
        line.addAll(command);
        return line;
    }

    /** Gives a folder tree to the server user, so that a server started by root can write there. */
    static void handToServerUser(Path root) throws IOException {
        if (!runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(UNPRIVILEGED_USER);
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, user);
            }
        }
    }

    /** Stops a process and everything it started, politely first. */
    static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            for (ProcessHandle handle : descendants) {
                handle.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of a log file, for an error message. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }
}
