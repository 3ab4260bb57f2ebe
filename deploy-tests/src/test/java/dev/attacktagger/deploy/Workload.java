package dev.attacktagger.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** A Deployment or a StatefulSet, seen through what the checks need: its selector and its pod template. */
record Workload(String kind, String name, LabelSelector selector, PodTemplateSpec template) {

    static List<Workload> of(Overlays.Rendered rendered) {
        Stream<Workload> deployments = rendered.all(Deployment.class).stream()
                .map(deployment -> new Workload(
                        "Deployment",
                        deployment.getMetadata().getName(),
                        deployment.getSpec().getSelector(),
                        deployment.getSpec().getTemplate()));
        Stream<Workload> statefulSets = rendered.all(StatefulSet.class).stream()
                .map(statefulSet -> new Workload(
                        "StatefulSet",
                        statefulSet.getMetadata().getName(),
                        statefulSet.getSpec().getSelector(),
                        statefulSet.getSpec().getTemplate()));
        return Stream.concat(deployments, statefulSets).toList();
    }

    Map<String, String> podLabels() {
        Map<String, String> labels =
                template.getMetadata() == null ? null : template.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    List<Container> containers() {
        return template.getSpec().getContainers();
    }

    /** Whether a container of the pod listens on this port, given as a number or as a port name. */
    boolean exposes(IntOrString port) {
        return containers().stream()
                .flatMap(container ->
                        container.getPorts() == null ? Stream.<ContainerPort>empty() : container.getPorts().stream())
                .anyMatch(containerPort -> port.getIntVal() != null
                        ? Objects.equals(containerPort.getContainerPort(), port.getIntVal())
                        : Objects.equals(containerPort.getName(), port.getStrVal()));
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }

    /**
     * Whether a label selector selects these labels, as the API server decides it: every matchLabels entry and every
     * matchExpressions requirement must hold. An empty selector selects everything.
     */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!holds(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The same for a Service's plain map selector; an empty one selects nothing (a Service with no endpoints). */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && selector.entrySet().stream()
                        .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("unknown selector operator " + requirement.getOperator());
        };
    }
}
