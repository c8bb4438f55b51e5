package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.SandboxException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.function.Supplier;

/** Calls to the Kubernetes API, with its errors translated into {@link SandboxException}s. */
final class KubernetesCalls {

  private KubernetesCalls() {}

  /** Runs {@code action}; whatever the API or the connection to it throws becomes one exception. */
  static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (SandboxException e) {
      throw e;
    } catch (KubernetesClientException e) {
      String reason =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage();
      if (e.getCode() <= 0) {
        throw new SandboxException("Kubernetes is unreachable (" + what + "): " + reason, e);
      }
      throw new SandboxException(
          "Kubernetes refused to %s (HTTP %d): %s".formatted(what, e.getCode(), reason), e);
    } catch (RuntimeException e) {
      throw SandboxException.unreachableOr("Kubernetes", what, e);
    }
  }

  static void run(String what, Runnable action) {
    call(
        what,
        () -> {
          action.run();
          return null;
        });
  }

  /** Creates the resource; one that someone created a moment ago is just as good. */
  static <T> void create(Resource<T> resource) {
    try {
      resource.create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  static boolean notFound(KubernetesClientException e) {
    return e.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
  }
}
