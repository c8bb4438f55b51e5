package dev.paddock.examples.attacker;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A hostile tenant app: it tries from inside its sandbox to get out, and reports what it got.
 *
 * <p>{@code GET /attack} runs every harmless attempt at once and answers {@code {"tried": N,
 * "blocked": M, "attempts": [{"name", "target", "blocked", "detail"}...]}}. Only the caller knows
 * some addresses, so it passes them: {@code neighbour=host:port} (another tenant's sandbox), {@code
 * linkLocal=host:port} and {@code privateNet=host:port} (hosts it set up at such addresses), and
 * {@code controlPlane}, {@code postgres}, {@code edge} and {@code hostWide}, ports the host's
 * services listen on, each tried on every address the sandbox can guess for the host and on each
 * {@code hostAddress} given. All repeatable.
 *
 * <p>{@code /attack/sockets?canary=path} plants links to the host socket at {@code path}, and
 * FIFOs, at the names in its socket directory the edge might proxy to, for the caller to check that
 * nothing follows them; {@code /attack/sockets/fill} fills that directory and cleans up, {@code
 * /attack/sockets/lock} takes its search permission from everyone else. With env {@code
 * ATTACKER_SWAP_SOCKET=path}, the handler swaps its own socket for a link to {@code path} as soon
 * as the runner has bound it.
 *
 * <p>{@code /attack/pids} starts threads until the pids limit stops it and {@code /attack/tmp}
 * fills /tmp until it is full; both clean up and answer how far they got. {@code
 * /attack/logs?mib=N} writes N MiB (32 by default) to stdout. {@code /attack/memory} fills the heap
 * until the JVM exits. {@code /attack/dump} parks threads with names of 100,000 characters (quotes,
 * newlines and escape codes among them), so that a thread dump of the sandbox runs to megabytes.
 * {@code /reach?target=host:port} tries one connection and says how it ended. Anything else answers
 * {@code attacker ready}.
 */
public class Attacker implements Handler {

  /** With {@code ATTACKER_SWAP_SOCKET} set to a host socket's path, swaps its own socket for it. */
  public Attacker() {
    String canary = System.getenv("ATTACKER_SWAP_SOCKET");
    if (canary != null && !canary.isBlank()) {
      SocketAttempts.swapOwnSocket(canary);
    }
  }

  @Override
  public Response handle(Request request) throws Exception {
    return switch (request.path()) {
      case "/attack" -> {
        try {
          yield attack(params(request.query()));
        } catch (IllegalArgumentException e) {
          yield Response.text(400, e.getMessage() + "\n");
        }
      }
      case "/attack/sockets" ->
          SocketAttempts.plant(
              params(request.query()).getOrDefault("canary", List.of("/dev/null")).getFirst());
      case "/attack/sockets/fill" -> SocketAttempts.fill();
      case "/attack/sockets/lock" -> SocketAttempts.lock();
      case "/attack/pids" -> Exhaustion.threads();
      case "/attack/tmp" -> Exhaustion.tmp();
      case "/attack/logs" ->
          Exhaustion.logs(
              Integer.parseInt(
                  params(request.query()).getOrDefault("mib", List.of("32")).getFirst()));
      case "/attack/memory" -> Exhaustion.memory();
      case "/attack/dump" -> Exhaustion.hugeThreadDump();
      case "/reach" ->
          Json.response(
              NetworkAttempts.reach(
                      params(request.query()).getOrDefault("target", List.of("")).getFirst())
                  .toJson());
      default -> Response.ok("attacker ready\n");
    };
  }

  private static Response attack(Map<String, List<String>> params)
      throws InterruptedException, ExecutionException {
    List<Callable<Attempt>> tasks = new ArrayList<>(NetworkAttempts.all(params));
    tasks.addAll(FileAttempts.all());
    tasks.addAll(PrivilegeAttempts.all());
    List<Attempt> attempts = new ArrayList<>();
    // Most attempts wait on the network: run them all at once, each on its own virtual thread.
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Attempt> attempt : executor.invokeAll(tasks)) {
        attempts.add(attempt.get());
      }
    }
    long blocked = attempts.stream().filter(Attempt::blocked).count();
    System.err.printf("Tried %d attacks, %d blocked%n", attempts.size(), blocked);
    return Json.response(
        "{\"tried\": %d, \"blocked\": %d, \"attempts\": [\n%s\n]}\n"
            .formatted(
                attempts.size(),
                blocked,
                attempts.stream().map(Attempt::toJson).collect(Collectors.joining(",\n"))));
  }

  private static Map<String, List<String>> params(String query) {
    Map<String, List<String>> params = new HashMap<>();
    if (query == null) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      params.computeIfAbsent(decode(key), k -> new ArrayList<>()).add(decode(value));
    }
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
