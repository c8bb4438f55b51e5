package dev.paddock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Uploads a jar as a new release, deploys it and follows the rollout to its end. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Upload a jar as a new release, deploy it and print each step of the rollout.",
      "Exits 0 once the release is live, 1 with the reason when it failed."
    },
    footer = {"", "Example:", "  paddock deploy hello target/hello.jar"})
class DeployCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;

  @Parameters(index = "0", paramLabel = "APP")
  String app;

  @Parameters(index = "1", paramLabel = "JAR", description = "A runnable jar or a handler jar.")
  Path jar;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new UsageException("no such file: " + jar);
    }
    Client client = target.client();
    PrintWriter out = spec.commandLine().getOut();
    long size = Files.size(jar);
    boolean progress = Terminal.interactive();
    JsonNode release =
        client.upload(
            client.app(app) + "/releases",
            jar,
            sent -> {
              if (progress) {
                out.printf(
                    "\rUploading %s: %d%% of %s",
                    jar.getFileName(), sent * 100 / Math.max(size, 1), mib(size));
                out.flush();
              }
            });
    if (progress) {
      out.println();
    }
    int version = release.path("version").asInt();
    out.printf("Uploaded %s as release v%d (%s)%n", jar.getFileName(), version, mib(size));
    JsonNode deploy = client.post(client.app(app) + "/deploys", Map.of("release", version));
    return new Rollouts(client, out, spec.commandLine().getErr()).follow(app, deploy);
  }

  private static String mib(long bytes) {
    return "%.1f MiB".formatted(bytes / 1024.0 / 1024.0);
  }
}
