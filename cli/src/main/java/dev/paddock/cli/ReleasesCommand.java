package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The app's releases, newest first as the API lists them, with the live one marked. */
@Command(
    name = "releases",
    mixinStandardHelpOptions = true,
    description = "List the app's releases: version, kind, size, env names, which one is live.",
    footer = {"", "Examples:", "  paddock releases hello", "  paddock releases hello --json"})
class ReleasesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Parameters(paramLabel = "APP")
  String app;

  @Override
  public Integer call() {
    Client client = target.client();
    JsonNode releases = client.get(client.app(app) + "/releases");
    PrintWriter out = spec.commandLine().getOut();
    if (output.printedJson(out, releases)) {
      return 0;
    }
    int live = client.get(client.app(app)).path("liveRelease").asInt(-1);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode release : releases) {
      int version = release.path("version").asInt();
      rows.add(
          List.of(
              (version == live ? "* v" : "  v") + version,
              release.path("kind").asString(),
              Sizes.bytes(release.path("size").asLong()),
              Output.abbreviated(release.path("sha256").asString(""), 12),
              Output.joined(release.path("env")),
              Output.text(release, "createdAt")));
    }
    Terminal.table(out, List.of("  RELEASE", "KIND", "SIZE", "SHA256", "ENV", "CREATED"), rows);
    return 0;
  }
}
