package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.model.Capability;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs host commands in a {@link HelperContainer} in the host's network namespace, with only {@code
 * NET_ADMIN} and {@code NET_RAW} added: how a control plane that is not root writes the host's
 * firewall. About a second a command. Thread-safe.
 */
final class HostNetworkContainer implements HostCommand.Runner {

  private final HelperContainer helper;

  HostNetworkContainer(HelperContainer helper) {
    this.helper = helper;
  }

  @Override
  public HostCommand.Result run(HostCommand command) {
    List<String> entrypoint =
        new ArrayList<>(List.of("/usr/bin/sh", "-c", "printf '%s' \"$INPUT\" | \"$@\" 2>&1", "sh"));
    entrypoint.addAll(command.argv());
    try {
      return helper.run(
          entrypoint,
          List.of("INPUT=" + command.input(), "PATH=/usr/sbin:/usr/bin"),
          HelperContainer.hostConfig()
              .withNetworkMode("host")
              .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW));
    } catch (RuntimeException e) {
      throw new EgressException("Cannot run " + command + " through Docker: " + e.getMessage(), e);
    }
  }
}
