package dev.paddock.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that defines one sandbox; two specs with the same {@link #hash()} are the same
 * sandbox, so a running one whose hash differs has drifted and is replaced.
 *
 * @param owner the tenant and app, as labels
 * @param deploy the rollout this sandbox belongs to: a restart is a new rollout of the same release
 * @param release the release id and version
 * @param artifact the release's jar on the control plane's disk
 * @param uid the tenant's own uid; the sandbox runs as {@code uid:uid}
 * @param healthPath for a runnable jar, the path that must answer before it is healthy, or null
 * @param socketDir the app's directory for Unix sockets, the only host path the sandbox sees
 * @param slot the instance's index within the app
 * @param generation how often the slot was recycled: raising it replaces the sandbox
 * @param requestTimeout how long a handler may hold a request before the runner answers 504
 * @param aot the release's AOT cache to start with, or null; not part of the hash, as a sandbox
 *     started without it serves the same
 */
public record SandboxSpec(
    Owner owner,
    long deploy,
    long release,
    int version,
    String artifactSha256,
    Path artifact,
    boolean handler,
    int uid,
    Limits limits,
    Map<String, String> env,
    String healthPath,
    Path socketDir,
    int slot,
    int generation,
    Duration requestTimeout,
    AotCache aot) {

  /** Whose sandbox this is: ids for labels, names for humans and paths. */
  public record Owner(long tenantId, String tenant, long appId, String app) {}

  public SandboxSpec {
    env = Map.copyOf(env);
  }

  /** This spec, started with {@code aot} (null: without one). */
  public SandboxSpec withAot(AotCache aot) {
    return new SandboxSpec(
        owner,
        deploy,
        release,
        version,
        artifactSha256,
        artifact,
        handler,
        uid,
        limits,
        env,
        healthPath,
        socketDir,
        slot,
        generation,
        requestTimeout,
        aot);
  }

  /**
   * A stable digest of every field that shapes the sandbox, except its CPUs and pids: the engine
   * changes those in place ({@link SandboxDriver#resize}). Memory counts: the JVM sizes its heap
   * from it at start.
   */
  public String hash() {
    String canonical =
        String.join(
            "\n",
            String.valueOf(owner),
            String.valueOf(deploy),
            String.valueOf(release),
            artifactSha256,
            String.valueOf(handler),
            String.valueOf(uid),
            String.valueOf(limits.memory().toBytes()),
            new TreeMap<>(env).toString(),
            String.valueOf(healthPath),
            socketDir.toString(),
            String.valueOf(slot),
            String.valueOf(generation),
            String.valueOf(requestTimeout));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The socket the sandbox serves HTTP on until the router switches it into place. */
  public String socketName() {
    return socketName(hash());
  }

  /** The socket a sandbox created from the spec with this hash listens on. */
  public static String socketName(String specHash) {
    return specHash + ".sock";
  }
}
