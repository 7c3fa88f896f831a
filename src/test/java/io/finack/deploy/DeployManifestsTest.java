package io.finack.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/*.yaml, parsed by fabric8's Kubernetes model into typed objects (no cluster is
 * reachable here): the kind, the image, the privileges finack needs, the hostPath volume on
 * /captures and finack's arguments.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("deploy");

    private static KubernetesResource parse(String file) throws Exception {
        try (InputStream in = Files.newInputStream(DEPLOY.resolve(file))) {
            return Serialization.unmarshal(in);
        }
    }

    @Test
    void theDaemonSetRunsTheSuiteOnEveryNodeIntoTheHostPath() throws Exception {
        DaemonSet ds = assertInstanceOf(DaemonSet.class, parse("daemonset.yaml"));
        assertEquals("DaemonSet", ds.getKind());
        assertEquals("apps/v1", ds.getApiVersion());
        assertEquals(ds.getSpec().getSelector().getMatchLabels(), ds.getSpec().getTemplate().getMetadata().getLabels(),
                "the selector must match the pod template's labels");
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "Exists".equals(t.getOperator()) && t.getKey() == null),
                "tolerates every taint, so every node gets a pod");
        assertEquals(1, pod.getInitContainers().size());
        Container finack = pod.getInitContainers().get(0);
        assertRunsTheSuite(finack, pod);
        assertNodeNameFromDownwardApi(finack, "NODE_NAME");

        Container idle = pod.getContainers().get(0);
        assertEquals("finack:latest", idle.getImage());
        assertEquals(List.of("sleep", "infinity"), idle.getCommand());
        VolumeMount mount = mount(idle, pod);
        assertTrue(mount.getReadOnly(), "the idle container only shows the captures");
    }

    @Test
    void theJobRunsTheSuiteOnceIntoTheHostPath() throws Exception {
        Job job = assertInstanceOf(Job.class, parse("job.yaml"));
        assertEquals("Job", job.getKind());
        assertEquals("batch/v1", job.getApiVersion());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(1, pod.getContainers().size());
        Container finack = pod.getContainers().get(0);
        assertTrue(finack.getCommand().isEmpty(), "the image's ENTRYPOINT (finack) runs");
        assertRunsTheSuite(finack, pod);
    }

    @Test
    void theWatchDaemonSetCapturesReadOnlyOnEveryNodeWithMetricsAndEvidence() throws Exception {
        DaemonSet ds = assertInstanceOf(DaemonSet.class, parse("watch-daemonset.yaml"));
        assertEquals("apps/v1", ds.getApiVersion());
        assertEquals(ds.getSpec().getSelector().getMatchLabels(), ds.getSpec().getTemplate().getMetadata().getLabels(),
                "the selector must match the pod template's labels");
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getHostNetwork(), "the node's own network");
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "Exists".equals(t.getOperator()) && t.getKey() == null),
                "tolerates every taint, so every node gets a pod");
        assertEquals(1, pod.getContainers().size());
        Container watch = pod.getContainers().get(0);
        assertEquals("finack:latest", watch.getImage());

        SecurityContext sc = watch.getSecurityContext();
        assertTrue(!Boolean.TRUE.equals(sc.getPrivileged()), "not privileged");
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
        assertEquals(List.of("NET_RAW"), sc.getCapabilities().getAdd(), "CAP_NET_RAW alone: no SYS_ADMIN, no NET_ADMIN");
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());

        List<String> args = watch.getArgs();
        assertEquals("watch", args.get(0), args.toString());
        int metrics = args.indexOf("--metrics");
        assertEquals(":9464", args.get(metrics + 1), args.toString());
        int out = args.indexOf("--out");
        assertTrue(args.contains("--max-evidence"), "the evidence is capped: " + args);
        String evidence = args.get(out + 1);
        VolumeMount mount = watch.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(evidence)).findFirst()
                .orElseThrow(() -> new AssertionError("--out " + evidence + " is not mounted"));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertEquals("/var/lib/finack/watch", volume.getHostPath().getPath(), "the evidence pcaps on the node");
        assertTrue(mount.getReadOnly() == null || !mount.getReadOnly(), "finack writes there");

        Map<String, String> annotations = ds.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("9464", annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        assertEquals(9464, watch.getPorts().get(0).getContainerPort());

        Map<String, Quantity> limits = watch.getResources().getLimits();
        assertNotNull(limits.get("cpu"), "a CPU limit");
        assertNotNull(limits.get("memory"), "a memory limit");
        assertNotNull(watch.getResources().getRequests().get("memory"), "a memory request");
    }

    /** Image, privileges, finack's arguments, the hostPath on /captures, the report's hostname. */
    private static void assertRunsTheSuite(Container c, PodSpec pod) {
        assertEquals("finack:latest", c.getImage());
        SecurityContext sc = c.getSecurityContext();
        assertNotNull(sc, c.getName() + " has no securityContext");
        Capabilities caps = sc.getCapabilities();
        boolean privileged = Boolean.TRUE.equals(sc.getPrivileged());
        assertTrue(privileged || caps != null && caps.getAdd().containsAll(List.of("SYS_ADMIN", "NET_ADMIN", "NET_RAW")),
                "finack needs SYS_ADMIN, NET_ADMIN and NET_RAW, or privileged: " + sc);
        assertTrue(caps == null || caps.getDrop() == null || caps.getDrop().isEmpty(), "nothing dropped: " + caps);
        List<String> args = c.getArgs();
        assertEquals("run", args.get(0), args.toString());
        int out = args.indexOf("--out");
        assertTrue(out > 0 && "/captures".equals(args.get(out + 1)), "--out /captures: " + args);
        assertTrue(args.contains("--json"), args.toString());
        assertTrue(!args.contains("--netns"), "the default, a fresh namespace per experiment: " + args);
        VolumeMount mount = mount(c, pod);
        assertTrue(mount.getReadOnly() == null || !mount.getReadOnly(), "finack writes there");
        assertNodeNameFromDownwardApi(c, "FINACK_HOSTNAME");
    }

    /** The mount on /captures, whose volume must be the node's /var/lib/finack. */
    private static VolumeMount mount(Container c, PodSpec pod) {
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> "/captures".equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount /captures"));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
        assertNotNull(volume.getHostPath(), "a hostPath volume");
        assertEquals("/var/lib/finack", volume.getHostPath().getPath());
        assertEquals("DirectoryOrCreate", volume.getHostPath().getType());
        return mount;
    }

    private static void assertNodeNameFromDownwardApi(Container c, String name) {
        EnvVar env = c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
        assertEquals("spec.nodeName", env.getValueFrom().getFieldRef().getFieldPath(), name);
    }
}
