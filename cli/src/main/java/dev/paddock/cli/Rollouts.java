package dev.paddock.cli;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** Follows a rollout's step stream to its end and says how it ended, as an exit code. */
record Rollouts(Client client, PrintWriter out, PrintWriter err) {

  /** Prints each step of the rollout {@code deploy} of {@code app}; 0 once live, 1 if it failed. */
  int follow(String app, JsonNode deploy) {
    long id = deploy.path("id").asLong();
    String path = client.app(app) + "/deploys/" + id;
    out.printf("Rollout %d of %s: release v%d%n", id, app, deploy.path("release").asInt());
    out.flush();
    JsonNode[] done = new JsonNode[1];
    client.stream(
        path,
        event -> {
          JsonNode data = Client.JSON.readTree(event.data());
          switch (event.name()) {
            case "step" -> step(data);
            case "done" -> done[0] = data;
            default -> {}
          }
          return done[0] == null;
        });
    JsonNode end = done[0] != null ? done[0] : client.get(path);
    String status = end.path("status").asString();
    if ("live".equals(status)) {
      out.printf(
          "%s is %s: release v%d%n", app, Terminal.status("live"), end.path("release").asInt());
      out.flush();
      return 0;
    }
    err.printf("error: rollout %d of %s %s: %s%n", id, app, status, reason(end));
    err.flush();
    return PaddockCli.REFUSED;
  }

  private void step(JsonNode step) {
    String detail = step.path("detail").isString() ? step.path("detail").asString() : "";
    out.printf("  %-10s %s%n", Terminal.status(step.path("step").asString()), detail);
    out.flush();
  }

  private static String reason(JsonNode deploy) {
    for (String field : new String[] {"error", "reason"}) {
      if (deploy.path(field).isString() && !deploy.path(field).asString().isBlank()) {
        return deploy.path(field).asString();
      }
    }
    return "no reason given";
  }
}
