package dev.paddock.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The packaged control plane ({@code target/paddock.jar}) as its own process, on a database of the
 * test's, with its own data dir, API port and edge port: for tests that kill it or run several.
 */
public final class PackagedControlPlane {

  public final Path data = Infrastructure.dataDir();
  public final int apiPort = Infrastructure.freePort();
  public final int edgePort = Infrastructure.freePort();
  public final Api api = new Api(URI.create("http://127.0.0.1:" + apiPort + "/"));
  private final String installation;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> user = new ArrayList<>();
  private boolean fromAotCache;
  private Process process;

  /**
   * @param installation the installation's name
   * @param database the JDBC URL of its database, or null for the embedded PostgreSQL of its own
   * @param admin the admin's token
   * @param more further environment, such as a shared socket directory
   */
  public PackagedControlPlane(
      String installation, String database, String admin, Map<String, String> more) {
    this.installation = installation;
    if (database != null) {
      env.put("SPRING_DATASOURCE_URL", database);
      env.put("SPRING_DATASOURCE_USERNAME", "postgres");
    }
    env.put("PADDOCK_NAME", installation);
    env.put("PADDOCK_DATA_DIR", data.toString());
    env.put("PADDOCK_ADMIN_TOKEN", admin);
    env.put("SERVER_PORT", String.valueOf(apiPort));
    env.put("PADDOCK_EDGE_PORT", String.valueOf(edgePort));
    env.put("PADDOCK_EDGE_HTTPD_STOP_ON_EXIT", "true");
    env.put("PADDOCK_SANDBOX_IMAGE", Infrastructure.IMAGE);
    env.put("PADDOCK_RECONCILE_INTERVAL", "2s");
    env.putAll(more);
  }

  /**
   * Runs it as {@code uid} and {@code gid} with these supplementary groups (through {@code
   * setpriv}, no capabilities), as an install without root does: the data dir and a copy of the jar
   * there are theirs. Call before {@link #start()}.
   */
  public PackagedControlPlane runAs(int uid, int gid, int... groups) throws IOException {
    Path jar = data.resolve("paddock.jar");
    Files.copy(Path.of(System.getProperty("paddock.jar", "target/paddock.jar")), jar);
    for (Path p : List.of(data, jar)) {
      Files.setAttribute(p, "unix:uid", uid);
      Files.setAttribute(p, "unix:gid", gid);
    }
    user.addAll(
        List.of(
            "setpriv",
            "--reuid=" + uid,
            "--regid=" + gid,
            "--groups="
                + Arrays.stream(groups).mapToObj(String::valueOf).collect(Collectors.joining(",")),
            "--inh-caps=-all",
            "--"));
    env.put("HOME", data.toString());
    return this;
  }

  /**
   * Starts it as {@code ./paddock run} does on JDK 25: from the AOT cache {@code
   * bin/control-plane-start} makes for the jar (once per build), which the JVM must use ({@code
   * -XX:AOTMode=on}: it refuses to start otherwise). Call before {@link #start()}.
   */
  public PackagedControlPlane fromAotCache() {
    fromAotCache = true;
    return this;
  }

  /** Starts the process and waits until its API answers; its output goes to the data dir. */
  public void start() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar =
        user.isEmpty()
            ? System.getProperty("paddock.jar", "target/paddock.jar")
            : data.resolve("paddock.jar").toString();
    List<String> command = new ArrayList<>(user);
    command.add(java);
    if (fromAotCache) {
      command.add("-XX:AOTMode=on");
      command.addAll(aotStart(java, jar));
    } else {
      command.addAll(List.of("-jar", jar));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(data.resolve("control-plane.log").toFile()));
    builder.environment().putAll(env);
    Process started = builder.start();
    process = started;
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(started.isAlive())
                  .as(() -> "the control plane exited; its log ended with:\n" + logTail(40))
                  .isTrue();
              return api.get("actuator/health", null).status() == 200;
            });
  }

  /** The last lines of the control plane's log, which a stop deletes with the data dir. */
  private String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(data.resolve("control-plane.log"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The java arguments {@code bin/control-plane-start} gives for the jar, training if needed. */
  private static List<String> aotStart(String java, String jar) throws IOException {
    var script = new ProcessBuilder("../bin/control-plane-start", jar);
    script.environment().put("JAVA_HOME", Path.of(java).getParent().getParent().toString());
    script.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process run = script.start();
    List<String> arguments;
    try (var out = run.inputReader()) {
      arguments = out.lines().toList();
    }
    try {
      assertThat(run.waitFor()).as("bin/control-plane-start's exit").isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertThat(arguments)
        .as("the start from an AOT cache")
        .anyMatch(a -> a.startsWith("-XX:AOTCache="));
    return arguments;
  }

  public String installation() {
    return installation;
  }

  /** The process's id, or -1 before it started. */
  public long pid() {
    return process == null ? -1 : process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, as a crash: its httpd keeps serving. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Stops the process, the httpd a kill left behind, and deletes the data dir. */
  public void stop() throws IOException, InterruptedException {
    try {
      if (isAlive()) {
        process.destroy();
        process.waitFor();
      }
    } finally {
      Path pid = data.resolve("httpd/run/httpd.pid");
      if (Files.exists(pid)) {
        // A pid of httpd's own namespace (its container's) is not the host's to signal.
        long httpd = Long.parseLong(Files.readString(pid).strip());
        if (httpd > 1) {
          ProcessHandle.of(httpd).ifPresent(ProcessHandle::destroy);
        }
      }
      Infrastructure.deleteDataDir(data);
    }
  }
}
