package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.ExitCode;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads a pod's status: its state as the control plane sees it, and in words why it died. */
final class PodState {

  private PodState() {}

  static Sandbox.State state(Pod pod) {
    if (exitReason(pod).isPresent()) {
      return Sandbox.State.EXITED;
    }
    String phase = status(pod).getPhase();
    return phase == null || phase.equals("Pending") ? Sandbox.State.CREATED : Sandbox.State.RUNNING;
  }

  /** Up when Kubernetes says the pod is ready (its probe asks the runner's {@code /health}). */
  static Health health(Pod pod) {
    Optional<String> exit = exitReason(pod);
    if (exit.isPresent()) {
      return new Health.Down(exit.get());
    }
    boolean ready =
        status(pod).getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready ? new Health.Up() : new Health.Starting(waiting(pod));
  }

  /** Why the sandbox is gone for good, or empty while it may still serve. */
  static Optional<String> exitReason(Pod pod) {
    PodStatus status = status(pod);
    Optional<ContainerStateTerminated> fetch =
        terminated(status.getInitContainerStatuses(), SandboxPods.FETCH_CONTAINER)
            .filter(t -> exitCode(t) != 0);
    if (fetch.isPresent()) {
      return Optional.of(
          "could not fetch its release (exit code %d)%s"
              .formatted(exitCode(fetch.get()), detail(fetch.get().getMessage())));
    }
    Optional<ContainerStateTerminated> app =
        terminated(status.getContainerStatuses(), SandboxPods.APP_CONTAINER);
    if (app.isPresent()) {
      return Optional.of(describe(app.get()));
    }
    if ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase())) {
      String why =
          Stream.of(status.getReason(), status.getMessage())
              .filter(Objects::nonNull)
              .collect(Collectors.joining(": "));
      return Optional.of(
          "the pod %s%s".formatted(status.getPhase().toLowerCase(Locale.ROOT), detail(why)));
    }
    return Optional.empty();
  }

  static String describe(ContainerStateTerminated terminated) {
    int exit = exitCode(terminated);
    if ("OOMKilled".equals(terminated.getReason())) {
      return "killed for exceeding its memory limit (exit code %d)".formatted(exit);
    }
    return ExitCode.describe(exit) + detail(terminated.getMessage());
  }

  private static String waiting(Pod pod) {
    PodStatus status = status(pod);
    return Stream.concat(
            status.getInitContainerStatuses().stream(), status.getContainerStatuses().stream())
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getWaiting() != null && s.getWaiting().getReason() != null)
        .map(s -> s.getWaiting().getReason() + detail(s.getWaiting().getMessage()))
        .findFirst()
        .orElse(
            status.getPhase() == null
                ? "not scheduled yet"
                : status.getPhase().toLowerCase(Locale.ROOT));
  }

  private static Optional<ContainerStateTerminated> terminated(
      List<ContainerStatus> statuses, String container) {
    return statuses.stream()
        .filter(s -> container.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getTerminated() != null)
        .map(ContainerState::getTerminated)
        .findFirst();
  }

  private static int exitCode(ContainerStateTerminated terminated) {
    return terminated.getExitCode() == null ? -1 : terminated.getExitCode();
  }

  private static String detail(String message) {
    return message == null || message.isBlank() ? "" : ": " + message.strip();
  }

  private static PodStatus status(Pod pod) {
    return pod.getStatus() == null ? new PodStatus() : pod.getStatus();
  }
}
