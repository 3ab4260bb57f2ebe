package dev.attacktagger.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The overlays under {@code k8s/overlays}, rendered by {@code kubectl kustomize} and parsed by the fabric8 model. */
final class Overlays {

    static final List<String> NAMES = List.of("cpu", "gpu", "deps");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {}

    /** What one overlay renders to: the YAML text and one parsed resource per document. */
    record Rendered(String name, String yaml, List<HasMetadata> resources) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return resources.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream()
                    .filter(resource -> name.equals(resource.getMetadata().getName()))
                    .findFirst();
        }
    }

    /** The repository's {@code k8s} folder, passed by the build; the working folder's {@code ../k8s} otherwise. */
    static Path k8sDir() {
        return Path.of(System.getProperty("attacktagger.k8s", "../k8s"))
                .toAbsolutePath()
                .normalize();
    }

    /** The kubectl on the PATH (or in {@code -Dattacktagger.kubectl}), if any. */
    static Optional<Path> kubectl() {
        String configured = System.getProperty("attacktagger.kubectl");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Renders an overlay once per test run; fails with kustomize's own message when it does not render. */
    static Rendered render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Overlays::renderNow);
    }

    private static Rendered renderNow(String overlay) {
        Path kubectl = kubectl().orElseThrow(() -> new IllegalStateException("no kubectl on the PATH"));
        Path dir = k8sDir().resolve("overlays").resolve(overlay);
        try {
            Path errors = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectError(errors.toFile())
                        .start();
                String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed with exit code "
                            + process.exitValue() + ":\n" + Files.readString(errors));
                }
                return new Rendered(overlay, yaml, parse(yaml));
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + dir, e);
        }
    }

    /** Parses a multi-document YAML stream, one document at a time so that each maps to its own model class. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata resource)) {
                throw new IllegalStateException("not a Kubernetes resource:\n" + document);
            }
            resources.add(resource);
        }
        return resources;
    }

    /** Whether the fabric8 model has a class of its own for this apiVersion and kind (else it is a generic map). */
    static boolean knownToTheModel(HasMetadata resource) {
        return SERIALIZATION.getRegisteredKubernetesResource(resource.getApiVersion(), resource.getKind()) != null;
    }
}
