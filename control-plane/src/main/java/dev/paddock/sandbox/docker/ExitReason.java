package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;

/** Says in words why a container is not running, from Docker's view of its state. */
final class ExitReason {

  private ExitReason() {}

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
    return switch (code == null ? -1 : code.intValue()) {
      case 3 -> "the JVM ran out of heap (exit code 3)" + detail;
      case 137 -> "killed by SIGKILL (exit code 137)" + detail;
      case 143 -> "stopped by SIGTERM (exit code 143)" + detail;
      default -> "exited with code %d%s".formatted(code, detail);
    };
  }
}
