package dev.paddock.sandbox;

import dev.paddock.routing.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Upstreams on Unix sockets, for an engine whose sandboxes bind one each in their app's inbox: a
 * stable socket per slot in the app's directory, which a promotion replaces in one {@code
 * rename(2)} with the socket a new sandbox bound, staged and checked first (see {@link
 * AppSockets}).
 */
public class SocketUpstreams implements Upstreams {

  private final AppSockets sockets;

  public SocketUpstreams(AppSockets sockets) {
    this.sockets = sockets;
  }

  /** The slots a sandbox was promoted into; slot 0 always, so an app not running has its page. */
  @Override
  public Upstream of(String tenant, String app, int instances) {
    List<Path> slots = sockets.slots(tenant, app, instances);
    return new Upstream.Sockets(
        IntStream.range(0, slots.size())
            .filter(slot -> slot == 0 || Files.exists(slots.get(slot), LinkOption.NOFOLLOW_LINKS))
            .mapToObj(slots::get)
            .toList());
  }

  @Override
  public boolean waiting(SandboxSpec spec) {
    return Files.exists(spec.socketDir().resolve(spec.socketName()), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void promote(SandboxSpec spec) {
    Path staged = sockets.stage(spec);
    Path stable = sockets.stable(spec.owner().tenant(), spec.owner().app(), spec.slot());
    try {
      // rename(2) replaces the stable path in one step: new connections reach the new sandbox,
      // connections already open stay with the old one until it drains.
      Files.move(staged, stable, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SandboxException(
          "Cannot switch %s to %s: %s".formatted(stable, staged, e.getMessage()), e);
    }
  }

  /**
   * A second name for the slot's socket in the inbox, where {@link #promote} finds a sandbox's
   * socket; where the file system refuses a link to another's socket (a control plane without root
   * under {@code fs.protected_hardlinks}), the socket is moved there, and the slot has no socket
   * until the activator's takes its place a moment later.
   */
  @Override
  public void park(SandboxSpec spec) {
    Path stable = sockets.stable(spec.owner().tenant(), spec.owner().app(), spec.slot());
    Path parked = spec.socketDir().resolve(spec.socketName());
    try {
      Files.deleteIfExists(parked);
      try {
        Files.createLink(parked, stable);
      } catch (IOException | UnsupportedOperationException refused) {
        Files.move(stable, parked, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new SandboxException(
          "Cannot park %s's socket back in its inbox: %s".formatted(stable, e.getMessage()), e);
    }
  }

  @Override
  public void dropSlotsFrom(String tenant, String app, int instances) {
    sockets.removeSlotsFrom(tenant, app, instances);
  }
}
