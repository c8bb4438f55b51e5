package dev.paddock.sandbox;

import java.net.URI;
import java.time.Instant;

/**
 * A sandbox as the driver observed it.
 *
 * @param id the driver's own id (a container id)
 * @param appId the app it belongs to, from its labels
 * @param specHash the {@link SandboxSpec#hash()} it was created from
 * @param admin the runner's internal health/metrics endpoint, when the sandbox runs
 * @param created when the engine created it: a sandbox made again from the same spec has the same
 *     name, so this tells its readings from its predecessor's
 */
public record Sandbox(
    String id,
    String name,
    long appId,
    long deploy,
    long release,
    String specHash,
    int slot,
    State state,
    URI admin,
    Instant created) {

  /** This sandbox as seen in another state. */
  public Sandbox withState(State state) {
    return new Sandbox(id, name, appId, deploy, release, specHash, slot, state, admin, created);
  }

  /** The life of a sandbox as far as the control plane cares. */
  public enum State {
    CREATED,
    RUNNING,
    /** Frozen in place by the engine: it holds its memory and serves nothing until resumed. */
    PAUSED,
    EXITED
  }
}
