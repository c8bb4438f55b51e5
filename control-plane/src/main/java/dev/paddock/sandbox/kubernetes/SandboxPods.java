package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.SandboxCommand;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod of one sandbox: the sandbox image running as the tenant's uid, non-root, with a read-only
 * root, no capabilities, no privilege escalation, the runtime's default seccomp profile, no service
 * account token and no service links; memory and CPUs capped (requests equal limits); a private
 * in-memory {@code /tmp}; and {@code /app} filled by an init container that fetches the release jar
 * from the control plane and checks its digest, mounted read-only for the app.
 */
final class SandboxPods {

  static final String APP_CONTAINER = "app";
  static final String FETCH_CONTAINER = "fetch";
  static final String JAVA = "/opt/java/openjdk/bin/java";

  private static final int MAX_NAME = 63;

  private final String installation;
  private final SandboxProperties sandbox;

  SandboxPods(String installation, SandboxProperties sandbox) {
    this.installation = installation;
    this.sandbox = sandbox;
  }

  /** {@code <app>-<slot>-<spec hash>}, the app's name shortened if it would pass 63 characters. */
  static String name(SandboxSpec spec) {
    String suffix = "-" + spec.slot() + "-" + spec.hash();
    String app = spec.owner().app();
    if (app.length() + suffix.length() > MAX_NAME) {
      app = app.substring(0, MAX_NAME - suffix.length()).replaceAll("-+$", "");
    }
    return app + suffix;
  }

  Pod of(SandboxSpec spec, String namespace, String artifactUrl) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name(spec))
        .withNamespace(namespace)
        .withLabels(PodLabels.of(installation, spec))
        .withAnnotations(Map.of(PodLabels.PIDS_LIMIT, String.valueOf(spec.limits().pids())))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(sandbox.drainTimeout().toSeconds() + 5)
        .withSecurityContext(podSecurity(spec.uid()))
        .withInitContainers(fetch(spec, artifactUrl))
        .withContainers(app(spec))
        .withVolumes(volumes())
        .endSpec()
        .build();
  }

  private static PodSecurityContext podSecurity(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** A small private {@code /tmp} in memory, and {@code /app} for the fetched jar. */
  private List<Volume> volumes() {
    return List.of(
        new VolumeBuilder()
            .withName("tmp")
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(new Quantity(String.valueOf(sandbox.tmpSize().toBytes())))
            .endEmptyDir()
            .build(),
        new VolumeBuilder().withName("app").withNewEmptyDir().endEmptyDir().build());
  }

  private Container fetch(SandboxSpec spec, String artifactUrl) {
    return new ContainerBuilder()
        .withName(FETCH_CONTAINER)
        .withImage(sandbox.image())
        .withImagePullPolicy("IfNotPresent")
        .withCommand(
            JAVA,
            "-XX:TieredStopAtLevel=1",
            "-Djava.io.tmpdir=/tmp",
            "-cp",
            SandboxCommand.RUNNER_JAR,
            "dev.paddock.runner.Fetch",
            artifactUrl,
            spec.artifactSha256(),
            SandboxCommand.APP_JAR)
        // The fetch's error message becomes the container's termination message.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(securityContext(spec.uid()))
        .withResources(resources(spec))
        .withVolumeMounts(mount("tmp", "/tmp", false), mount("app", "/app", false))
        .build();
  }

  private Container app(SandboxSpec spec) {
    return new ContainerBuilder()
        .withName(APP_CONTAINER)
        .withImage(sandbox.image())
        .withImagePullPolicy("IfNotPresent")
        // The image's entrypoint stays: it holds the JVM options every sandbox shares.
        .withArgs(SandboxCommand.of(spec))
        .withEnv(env(spec))
        .addNewPort()
        .withName("http")
        .withContainerPort(sandbox.appPort())
        .endPort()
        .addNewPort()
        .withName("admin")
        .withContainerPort(sandbox.adminPort())
        .endPort()
        .withReadinessProbe(readiness())
        .addNewResizePolicy()
        .withResourceName("cpu")
        .withRestartPolicy("NotRequired")
        .endResizePolicy()
        .withSecurityContext(securityContext(spec.uid()))
        .withResources(resources(spec))
        .withVolumeMounts(mount("tmp", "/tmp", false), mount("app", "/app", true))
        .build();
  }

  private Probe readiness() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/health")
        .withPort(new IntOrString(sandbox.adminPort()))
        .endHttpGet()
        .withPeriodSeconds(1)
        .withTimeoutSeconds(2)
        .withFailureThreshold(3)
        .build();
  }

  private static SecurityContext securityContext(long uid) {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /** Requests equal limits: the pod is Guaranteed, and an in-place resize keeps it so. */
  static ResourceRequirements resources(SandboxSpec spec) {
    Map<String, Quantity> amounts =
        Map.of(
            "memory",
            new Quantity(String.valueOf(spec.limits().memory().toBytes())),
            "cpu",
            cpu(spec.limits().cpus()));
    return new ResourceRequirementsBuilder().withLimits(amounts).withRequests(amounts).build();
  }

  static Quantity cpu(double cpus) {
    return new Quantity(Math.round(cpus * 1000) + "m");
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly)
        .build();
  }

  private List<EnvVar> env(SandboxSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    spec.env().forEach((key, value) -> env.add(var(key, value)));
    env.add(var("PORT", String.valueOf(sandbox.appPort())));
    env.add(var("PADDOCK_ADMIN_PORT", String.valueOf(sandbox.adminPort())));
    env.add(var("PADDOCK_REQUEST_TIMEOUT", spec.requestTimeout().toSeconds() + "s"));
    env.add(var("PADDOCK_DRAIN_TIMEOUT", sandbox.drainTimeout().toString()));
    env.add(var("PADDOCK_TENANT", spec.owner().tenant()));
    env.add(var("PADDOCK_APP", spec.owner().app()));
    env.add(var("PADDOCK_RELEASE", String.valueOf(spec.version())));
    if (spec.healthPath() != null) {
      env.add(var("PADDOCK_HEALTH_PATH", spec.healthPath()));
    }
    return env;
  }

  private static EnvVar var(String name, String value) {
    return new EnvVar(name, value, null);
  }
}
