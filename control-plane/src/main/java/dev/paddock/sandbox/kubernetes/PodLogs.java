package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.LogLine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a sandbox wrote, as the kubelet keeps it: the last lines, or a follow. Kubernetes merges
 * stdout and stderr into one stream, so every line counts as stdout. Logs are read at once, without
 * the client's usual wait for the pod to be ready: a pod that never got ready is the one whose logs
 * matter most.
 */
class PodLogs {

  private final KubernetesClient client;

  PodLogs(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The app's last lines; when the app never started, the fetch's, which say why. Empty for a pod
   * that is gone.
   */
  List<String> tail(String namespace, String pod, int tail) {
    String log = tail(namespace, pod, SandboxPods.APP_CONTAINER, tail);
    if (log == null || log.isEmpty()) {
      log = tail(namespace, pod, SandboxPods.FETCH_CONTAINER, tail);
    }
    return log == null ? List.of() : log.lines().toList();
  }

  /**
   * A plain read of the log's last lines. Not fabric8's {@code getLog()}: that one first waits for
   * the pod to be ready even with a ready-wait of zero (a list, then a watch opened and closed).
   */
  private String tail(String namespace, String pod, String container, int tail) {
    try {
      return client.raw(
          client
              .getMasterUrl()
              .toURI()
              .resolve(
                  "/api/v1/namespaces/%s/pods/%s/log?pretty=false&container=%s&tailLines=%d"
                      .formatted(namespace, pod, container, tail))
              .toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (KubernetesClientException e) {
      if (absent(e)) {
        return null;
      }
      throw e;
    }
  }

  /** Hands on every line the app writes from {@code since} on, until its container stops. */
  void follow(String namespace, String pod, Instant since, Consumer<LogLine> sink) {
    try (LogWatch watch = watch(namespace, pod, since);
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
      for (String line;
          !Thread.currentThread().isInterrupted() && (line = lines.readLine()) != null; ) {
        LogLine logLine = timestamped(line);
        if (logLine.at().isAfter(since)) {
          sink.accept(logLine);
        }
      }
    } catch (KubernetesClientException e) {
      if (!absent(e)) {
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LogWatch watch(String namespace, String pod, Instant since) {
    return client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .inContainer(SandboxPods.APP_CONTAINER)
        .withReadyWaitTimeout(0)
        .usingTimestamps()
        .sinceTime(since.toString())
        .watchLog();
  }

  /** Gone, or not started yet: either way there is nothing to read now. */
  private static boolean absent(KubernetesClientException e) {
    return e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
        || e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST;
  }

  /**
   * A line as the kubelet sends it with timestamps: {@code 2026-01-01T00:00:00.123456789Z text}.
   */
  static LogLine timestamped(String line) {
    int space = line.indexOf(' ');
    try {
      return new LogLine(Instant.parse(line.substring(0, space)), false, line.substring(space + 1));
    } catch (RuntimeException notTimestamped) {
      return new LogLine(Instant.now(), false, line);
    }
  }
}
