package dev.attacktagger.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Renders every overlay under {@code k8s/overlays} with {@code kubectl kustomize} (no cluster needed) and checks that
 * what would be applied is sound: known kinds in API versions a Kubernetes 1.29 or later serves, hardened workloads,
 * selectors and ports that meet, and a GPU only where the gpu overlay asks for one.
 */
class KustomizeOverlaysTest {

    /**
     * The apiVersion and kind pairs the manifests may use: all are GA and served by Kubernetes 1.29 and later. The beta
     * versions removed by 1.29 (extensions/v1beta1, apps/v1beta1 and v1beta2, policy/v1beta1, autoscaling/v2beta1 and
     * v2beta2, networking.k8s.io/v1beta1, batch/v1beta1) are thereby refused.
     */
    private static final Set<String> SERVED = Set.of(
            "v1/Namespace",
            "v1/ConfigMap",
            "v1/Secret",
            "v1/Service",
            "apps/v1/Deployment",
            "apps/v1/StatefulSet",
            "autoscaling/v2/HorizontalPodAutoscaler",
            "policy/v1/PodDisruptionBudget",
            "networking.k8s.io/v1/NetworkPolicy");

    private static final String NAMESPACE = "attack-tagger";
    private static final String GPU = "nvidia.com/gpu";
    private static final Map<String, Integer> SERVICE_PORTS =
            Map.of("ingest-service", 8081, "classify-service", 8082, "tag-service", 8083, "search-service", 8084);

    @BeforeEach
    void needsKubectl() {
        assumeTrue(
                Overlays.kubectl().isPresent(),
                "kubectl is not on the PATH, so the k8s/ overlays cannot be rendered and are not checked; install"
                        + " kubectl (it carries kustomize) or pass -Dattacktagger.kubectl=/path/to/kubectl");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu", "deps"})
    void shouldParseEveryRenderedResourceWithTheKubernetesModel(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);

        assertThat(rendered.resources()).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (HasMetadata resource : rendered.resources()) {
            if (resource instanceof GenericKubernetesResource || !Overlays.knownToTheModel(resource)) {
                problems.add(describe(resource) + " is not a kind the Kubernetes model knows");
            }
            if (!"Namespace".equals(resource.getKind())
                    && !NAMESPACE.equals(resource.getMetadata().getNamespace())) {
                problems.add(describe(resource) + " is in namespace "
                        + resource.getMetadata().getNamespace());
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu", "deps"})
    void shouldUseOnlyApiVersionsServedByKubernetes129AndLater(String overlay) {
        List<String> used = Overlays.render(overlay).resources().stream()
                .map(resource -> resource.getApiVersion() + "/" + resource.getKind())
                .distinct()
                .toList();

        assertThat(used).isSubsetOf(SERVED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu", "deps"})
    void shouldGiveEveryWorkloadProbesResourcesAndANonRootSecurityContext(String overlay) {
        List<Workload> workloads = Workload.of(Overlays.render(overlay));

        assertThat(workloads).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Workload workload : workloads) {
            PodSecurityContext pod = workload.template().getSpec().getSecurityContext();
            for (Container container : workload.containers()) {
                String where = workload + ", container " + container.getName() + ": ";
                if (container.getLivenessProbe() == null) {
                    problems.add(where + "no livenessProbe");
                }
                if (container.getReadinessProbe() == null) {
                    problems.add(where + "no readinessProbe");
                }
                problems.addAll(resourceProblems(where, container.getResources()));
                problems.addAll(securityProblems(where, workload, pod, container.getSecurityContext()));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldProbeEveryServiceOnItsQuarkusHealthEndpoints() {
        List<Deployment> deployments = Overlays.render("cpu").all(Deployment.class);

        assertThat(deployments)
                .extracting(deployment -> deployment.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICE_PORTS.keySet());
        for (Deployment deployment : deployments) {
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            int port = SERVICE_PORTS.get(deployment.getMetadata().getName());
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(port));
            assertThat(container.getPorts())
                    .extracting(p -> p.getContainerPort())
                    .containsExactly(port);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu", "deps"})
    void shouldSelectItsOwnPodsFromEveryWorkload(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(Overlays.render(overlay))) {
            if (workload.selector() == null
                    || workload.selector().getMatchLabels() == null
                    || workload.selector().getMatchLabels().isEmpty()) {
                problems.add(workload + " has no matchLabels selector");
            } else if (!Workload.selects(workload.selector(), workload.podLabels())) {
                problems.add(workload + " selects " + workload.selector().getMatchLabels() + " but its pods carry "
                        + workload.podLabels());
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu", "deps"})
    void shouldRouteEveryServicePortToAContainerPortOfItsPods(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        List<Workload> workloads = Workload.of(rendered);

        List<String> problems = new ArrayList<>();
        for (Service service : rendered.all(Service.class)) {
            List<Workload> backends = workloads.stream()
                    .filter(workload -> Workload.selects(service.getSpec().getSelector(), workload.podLabels()))
                    .toList();
            if (backends.isEmpty()) {
                problems.add(describe(service) + " selects no pods: "
                        + service.getSpec().getSelector());
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target =
                        port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (Workload backend : backends) {
                    if (!backend.exposes(target)) {
                        problems.add(describe(service) + " port " + port.getPort() + " targets " + show(target)
                                + ", which " + backend + " does not expose");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldPointEveryAutoscalerAndDisruptionBudgetAtExistingWorkloads(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        List<Workload> workloads = Workload.of(rendered);

        List<HorizontalPodAutoscaler> autoscalers = rendered.all(HorizontalPodAutoscaler.class);
        assertThat(autoscalers).isNotEmpty();
        for (HorizontalPodAutoscaler autoscaler : autoscalers) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            assertThat(workloads)
                    .as(
                            "the target of HorizontalPodAutoscaler %s",
                            autoscaler.getMetadata().getName())
                    .anyMatch(workload -> workload.kind().equals(target.getKind())
                            && workload.name().equals(target.getName()));
            assertThat(target.getApiVersion()).isEqualTo("apps/v1");
        }
        List<PodDisruptionBudget> budgets = rendered.all(PodDisruptionBudget.class);
        assertThat(budgets)
                .extracting(budget -> budget.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICE_PORTS.keySet());
        for (PodDisruptionBudget budget : budgets) {
            assertThat(workloads)
                    .as(
                            "the pods of PodDisruptionBudget %s",
                            budget.getMetadata().getName())
                    .anyMatch(workload -> Workload.selects(budget.getSpec().getSelector(), workload.podLabels()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldAutoscaleClassifyServiceOnCpuAndOnItsQueueDepth(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);

        HorizontalPodAutoscaler autoscaler =
                rendered.find(HorizontalPodAutoscaler.class, "classify-service").orElseThrow();
        List<MetricSpec> metrics = autoscaler.getSpec().getMetrics();
        assertThat(metrics).extracting(MetricSpec::getType).containsExactly("Resource", "Pods");
        assertThat(metrics.get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(metrics.get(1).getPods().getMetric().getName()).isEqualTo("classify_queue_depth");
        assertThat(autoscaler.getSpec().getMaxReplicas())
                .isGreaterThan(autoscaler.getSpec().getMinReplicas());
        // A replica count in the Deployment would reset the autoscaler's choice on every apply.
        assertThat(rendered.find(Deployment.class, "classify-service")
                        .orElseThrow()
                        .getSpec()
                        .getReplicas())
                .isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu", "deps"})
    void shouldApplyEveryNetworkPolicyToPodsThatExist(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        List<Workload> own = Workload.of(rendered);
        // Peers may live in the other half of the platform: the services' policies name the datastores' pods, which
        // the deps overlay brings, and the other way round.
        List<Workload> platform = Stream.concat(
                        Workload.of(Overlays.render("deps")).stream(), Workload.of(Overlays.render("cpu")).stream())
                .toList();

        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        assertThat(policies).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            List<Workload> selected = own.stream()
                    .filter(workload -> Workload.selects(policy.getSpec().getPodSelector(), workload.podLabels()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add(describe(policy) + " selects no pod of the overlay");
                continue;
            }
            for (NetworkPolicyPeer peer : peers(policy)) {
                if (peer.getPodSelector() != null
                        && peer.getNamespaceSelector() == null
                        && platform.stream()
                                .noneMatch(workload -> Workload.selects(peer.getPodSelector(), workload.podLabels()))) {
                    problems.add(describe(policy) + " names peers "
                            + peer.getPodSelector().getMatchLabels() + " that no pod of the platform carries");
                }
            }
            for (NetworkPolicyIngressRule rule : nullToEmpty(policy.getSpec().getIngress())) {
                for (NetworkPolicyPort port : nullToEmpty(rule.getPorts())) {
                    if (selected.stream().noneMatch(workload -> workload.exposes(port.getPort()))) {
                        problems.add(describe(policy) + " admits port " + show(port.getPort())
                                + ", which none of its pods " + selected + " listens on");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "gpu", "deps"})
    void shouldReadOnlyConfigMapsAndSecretsThatTheOverlayBrings(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        Map<String, ConfigMap> configMaps = new HashMap<>();
        rendered.all(ConfigMap.class)
                .forEach(map -> configMaps.put(map.getMetadata().getName(), map));
        Map<String, Secret> secrets = new HashMap<>();
        rendered.all(Secret.class)
                .forEach(secret -> secrets.put(secret.getMetadata().getName(), secret));

        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.of(rendered)) {
            for (Container container : workload.containers()) {
                String where = workload + ", container " + container.getName() + ": ";
                for (EnvFromSource source : nullToEmpty(container.getEnvFrom())) {
                    if (source.getConfigMapRef() != null
                            && !configMaps.containsKey(source.getConfigMapRef().getName())) {
                        problems.add(where + "no ConfigMap "
                                + source.getConfigMapRef().getName());
                    }
                    if (source.getSecretRef() != null
                            && !secrets.containsKey(source.getSecretRef().getName())) {
                        problems.add(
                                where + "no Secret " + source.getSecretRef().getName());
                    }
                }
                for (EnvVar variable : nullToEmpty(container.getEnv())) {
                    if (variable.getValueFrom() == null
                            || variable.getValueFrom().getSecretKeyRef() == null) {
                        continue;
                    }
                    var ref = variable.getValueFrom().getSecretKeyRef();
                    Secret secret = secrets.get(ref.getName());
                    if (secret == null
                            || secret.getStringData() == null
                            || !secret.getStringData().containsKey(ref.getKey())) {
                        problems.add(where + variable.getName() + " reads " + ref.getKey() + " of Secret "
                                + ref.getName() + ", which the overlay does not bring");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDenyEverythingNotAllowedAndAllowDns() {
        Overlays.Rendered rendered = Overlays.render("cpu");

        NetworkPolicy deny =
                rendered.find(NetworkPolicy.class, "attack-tagger-default-deny").orElseThrow();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
        NetworkPolicy dns =
                rendered.find(NetworkPolicy.class, "attack-tagger-allow-dns").orElseThrow();
        assertThat(dns.getSpec().getEgress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getPorts())
                        .extracting(port ->
                                port.getProtocol() + "/" + port.getPort().getIntVal())
                        .containsExactly("UDP/53", "TCP/53"));
        NetworkPolicy classify =
                rendered.find(NetworkPolicy.class, "classify-service").orElseThrow();
        assertThat(classify.getSpec().getEgress()).isEmpty();
        assertThat(classify.getSpec().getIngress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getFrom())
                        .singleElement()
                        .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                                .containsExactly(Map.entry("app.kubernetes.io/name", "ingest-service"))));
    }

    @Test
    void shouldRequestOneGpuForClassifyServiceOnGpuNodesInTheGpuOverlay() {
        Overlays.Rendered rendered = Overlays.render("gpu");

        Deployment classify =
                rendered.find(Deployment.class, "classify-service").orElseThrow();
        var pod = classify.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(container.getResources().getLimits()).containsEntry(GPU, new Quantity("1"));
        assertThat(container.getResources().getRequests()).containsEntry(GPU, new Quantity("1"));
        assertThat(container.getImage()).endsWith("-gpu");
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).anySatisfy(toleration -> {
            assertThat(toleration.getKey()).isEqualTo(GPU);
            assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(rendered.find(ConfigMap.class, "attack-tagger-classify")
                        .orElseThrow()
                        .getData())
                .containsEntry("CLASSIFY_DEVICE", "cuda");
        // Only classify-service runs the model: the other services stay on CPU nodes.
        assertThat(rendered.all(Deployment.class).stream()
                        .filter(deployment ->
                                !deployment.getMetadata().getName().equals("classify-service"))
                        .filter(deployment -> mentionsGpu(
                                deployment.getSpec().getTemplate().getSpec().getContainers()))
                        .map(deployment -> deployment.getMetadata().getName()))
                .isEmpty();
    }

    @Test
    void shouldRequestNoGpuInTheCpuOverlay() {
        Overlays.Rendered rendered = Overlays.render("cpu");

        assertThat(rendered.yaml()).doesNotContain(GPU);
        Deployment classify =
                rendered.find(Deployment.class, "classify-service").orElseThrow();
        assertThat(classify.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .doesNotEndWith("-gpu");
        assertThat(classify.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
    }

    private static List<String> resourceProblems(String where, ResourceRequirements resources) {
        List<String> problems = new ArrayList<>();
        if (resources == null) {
            return List.of(where + "no resources");
        }
        for (String kind : List.of("cpu", "memory")) {
            if (resources.getRequests() == null || !resources.getRequests().containsKey(kind)) {
                problems.add(where + "no " + kind + " request");
            }
            if (resources.getLimits() == null || !resources.getLimits().containsKey(kind)) {
                problems.add(where + "no " + kind + " limit");
            }
        }
        return problems;
    }

    private static List<String> securityProblems(
            String where, Workload workload, PodSecurityContext pod, SecurityContext container) {
        if (container == null) {
            return List.of(where + "no securityContext");
        }
        List<String> problems = new ArrayList<>();
        if (!Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
            problems.add(where + "allowPrivilegeEscalation is not false");
        }
        if (container.getCapabilities() == null
                || container.getCapabilities().getDrop() == null
                || !container.getCapabilities().getDrop().contains("ALL")) {
            problems.add(where + "capabilities do not drop ALL");
        }
        Boolean nonRoot = container.getRunAsNonRoot() != null
                ? container.getRunAsNonRoot()
                : pod == null ? null : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            problems.add(where + "runAsNonRoot is not true");
        }
        Long user =
                container.getRunAsUser() != null ? container.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        if (user == null || user == 0) {
            problems.add(where + "runAsUser is " + user + ", not a non-root user id");
        }
        SeccompProfile seccomp = container.getSeccompProfile() != null
                ? container.getSeccompProfile()
                : pod == null ? null : pod.getSeccompProfile();
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            problems.add(where + "seccompProfile is not RuntimeDefault");
        }
        // The services keep nothing on their root filesystem; OpenSearch's image writes its keystore there.
        if ("Deployment".equals(workload.kind()) && !Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            problems.add(where + "readOnlyRootFilesystem is not true");
        }
        return problems;
    }

    private static List<NetworkPolicyPeer> peers(NetworkPolicy policy) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        nullToEmpty(policy.getSpec().getIngress()).forEach(rule -> peers.addAll(nullToEmpty(rule.getFrom())));
        nullToEmpty(policy.getSpec().getEgress()).forEach(rule -> peers.addAll(nullToEmpty(rule.getTo())));
        return peers;
    }

    private static boolean mentionsGpu(List<Container> containers) {
        return containers.stream()
                .map(Container::getResources)
                .filter(Objects::nonNull)
                .anyMatch(resources ->
                        (resources.getLimits() != null && resources.getLimits().containsKey(GPU))
                                || (resources.getRequests() != null
                                        && resources.getRequests().containsKey(GPU)));
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String show(IntOrString port) {
        return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static String describe(HasMetadata resource) {
        return resource.getKind() + " " + resource.getMetadata().getName();
    }
}
