package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.paddock.jvm.JvmMemory;
import dev.paddock.sandbox.SandboxCommand;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every container of a sandbox gets, sandbox or training run: the tenant's limits, a read-only
 * root with a small private {@code /tmp}, no capabilities, no new privileges, the tenant's network,
 * no restart, a bounded log, and the sandbox's environment.
 */
final class Confinement {

  private final SandboxProperties properties;

  Confinement(SandboxProperties properties) {
    this.properties = properties;
  }

  /**
   * The CPUs a sandbox's container starts with: its limit, or {@code paddock.sandbox.start-cpus} if
   * more. The control plane resizes it to its limit once it is healthy ({@link ContainerLimits}).
   */
  double startCpus(SandboxSpec spec) {
    return Math.max(spec.limits().cpus(), properties.startCpus());
  }

  /**
   * The host config with {@code binds} and {@code cpus}, the memory limit raised by {@code
   * extraMemory} bytes.
   */
  HostConfig host(
      SandboxSpec spec, String network, double cpus, long extraMemory, List<Bind> binds) {
    long memory = spec.limits().memory().toBytes() + extraMemory;
    var quota = ContainerLimits.CpuQuota.of(cpus);
    return HostConfig.newHostConfig()
        .withMemory(memory)
        .withMemorySwap(memory)
        .withCpuPeriod(quota.periodMicros())
        .withCpuQuota(quota.quotaMicros())
        .withPidsLimit((long) spec.limits().pids())
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + properties.tmpSize().toBytes()))
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withNetworkMode(network)
        .withBinds(binds)
        .withRestartPolicy(RestartPolicy.noRestart())
        .withLogConfig(
            new LogConfig(
                LogConfig.LoggingType.JSON_FILE,
                Map.of(
                    "max-size",
                    String.valueOf(properties.logSize().toBytes()),
                    "max-file",
                    String.valueOf(properties.logFiles()))));
  }

  /** A sandbox's mounts: its socket inbox, and its release's AOT cache read-only if it has one. */
  static List<Bind> binds(SandboxSpec spec) {
    List<Bind> binds = new ArrayList<>();
    binds.add(new Bind(spec.socketDir().toString(), new Volume(DockerSandboxDriver.SOCKET_MOUNT)));
    if (spec.aot() != null) {
      binds.add(
          new Bind(
              spec.aot().file().toString(), new Volume(SandboxCommand.AOT_CACHE), AccessMode.ro));
    }
    return binds;
  }

  /**
   * The environment every sandbox of the spec gets; {@code socket} false for a training run. A
   * container given more {@code cpus} than its limit tells its JVM the limit's processor count
   * ({@code -XX:ActiveProcessorCount}, which the app's own options may still set), so that its
   * collector, compiler threads and pools are sized as for the limit it runs with once healthy.
   */
  List<String> env(SandboxSpec spec, boolean socket, double cpus) {
    List<String> env = new ArrayList<>();
    spec.env().forEach((key, value) -> env.add(key + "=" + value));
    if (cpus > spec.limits().cpus()) {
      prepend(
          env,
          spec,
          JvmMemory.JAVA_OPTIONS,
          "-XX:ActiveProcessorCount=" + (int) Math.ceil(spec.limits().cpus()));
    }
    env.add("PORT=" + properties.appPort());
    env.add("PADDOCK_ADMIN_PORT=" + properties.adminPort());
    env.add("PADDOCK_REQUEST_TIMEOUT=" + spec.requestTimeout().toSeconds() + "s");
    if (socket) {
      env.add("PADDOCK_SOCKET=" + DockerSandboxDriver.SOCKET_MOUNT + "/" + spec.socketName());
    }
    if (socket && !spec.handler()) {
      // A runnable jar's own server listens on that socket through the library; one the app
      // preloads itself comes after it.
      prepend(env, spec, "LD_PRELOAD", SandboxCommand.LISTENER);
    }
    env.add("PADDOCK_DRAIN_TIMEOUT=" + (socket ? properties.drainTimeout() : "0s"));
    env.add("PADDOCK_TENANT=" + spec.owner().tenant());
    env.add("PADDOCK_APP=" + spec.owner().app());
    env.add("PADDOCK_RELEASE=" + spec.version());
    if (spec.healthPath() != null) {
      env.add("PADDOCK_HEALTH_PATH=" + spec.healthPath());
    }
    if (spec.aot() != null) {
      env.add("PADDOCK_AOT_CACHE=" + spec.aot().description());
    }
    return env;
  }

  /** Sets {@code name} to {@code ours} followed by the app's own value of it, if any. */
  private static void prepend(List<String> env, SandboxSpec spec, String name, String ours) {
    String theirs = spec.env().get(name);
    env.removeIf(variable -> variable.startsWith(name + "="));
    env.add(name + "=" + ours + (theirs == null ? "" : " " + theirs));
  }
}
