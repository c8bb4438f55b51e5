package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.paddock.sandbox.ExitCode;
import java.util.Optional;

/** Says in words why a container is not running, from Docker's view of its state. */
final class ExitReason {

  private ExitReason() {}

  /**
   * Why a container that was being stopped died of itself instead: an OOM kill, or an exit other
   * than a drained runner's 0 and the stop's own SIGTERM (143) and SIGKILL (137); empty when the
   * stop ended it.
   */
  static Optional<String> ofItself(InspectContainerResponse.ContainerState state) {
    Long code = state.getExitCodeLong();
    boolean ofItself =
        Boolean.TRUE.equals(state.getOOMKilled())
            || (code != null && code != 0 && code != 137 && code != 143);
    return ofItself ? Optional.of(describe(state)) : Optional.empty();
  }

  static String describe(InspectContainerResponse.ContainerState state) {
    Long code = state.getExitCodeLong();
    if (Boolean.TRUE.equals(state.getOOMKilled())) {
      return "killed for exceeding its memory limit (exit code %d)".formatted(code);
    }
    if ("created".equals(state.getStatus())) {
      return "created but never started";
    }
    String error = state.getError();
    String detail = error == null || error.isBlank() ? "" : ": " + error;
    return ExitCode.describe(code == null ? -1 : code.intValue()) + detail;
  }
}
