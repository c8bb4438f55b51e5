package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.paddock.sandbox.Pausing;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxException;

/** Pauses and unpauses containers with Docker's cgroup freezer ({@code docker pause}). */
final class ContainerPauses implements Pausing {

  private final DockerClient docker;

  ContainerPauses(DockerClient docker) {
    this.docker = docker;
  }

  @Override
  public void pause(Sandbox sandbox) {
    try {
      docker.pauseContainerCmd(sandbox.id()).exec();
    } catch (ConflictException alreadyPaused) {
      // Paused before, or not running: a later pass sees which.
    } catch (DockerException e) {
      throw new SandboxException("Docker refused to pause " + sandbox.name(), e);
    } catch (RuntimeException e) {
      throw SandboxException.unreachableOr("Docker", "pause " + sandbox.name(), e);
    }
  }

  @Override
  public void unpause(Sandbox sandbox) {
    try {
      unpause(docker, sandbox.id());
    } catch (DockerException e) {
      throw new SandboxException("Docker refused to unpause " + sandbox.name(), e);
    } catch (RuntimeException e) {
      throw SandboxException.unreachableOr("Docker", "unpause " + sandbox.name(), e);
    }
  }

  /** Unpauses the container; one that is not paused, or gone, is left as it is. */
  static void unpause(DockerClient docker, String id) {
    try {
      docker.unpauseContainerCmd(id).exec();
    } catch (ConflictException | NotFoundException notPausedOrGone) {
      // Nothing to thaw.
    }
  }
}
