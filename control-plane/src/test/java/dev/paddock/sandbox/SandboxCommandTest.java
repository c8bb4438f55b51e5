package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

  @Test
  void aHandlerJarIsServedByTheRunnerWithItsAotCache() {
    assertThat(SandboxCommand.of(spec(true)))
        .containsExactly(
            "-Xlog:gc*:file=/tmp/paddock-gc.log:time,uptime,level,tags:filecount=1,filesize=1m",
            "-XX:NativeMemoryTracking=summary",
            "-XX:AOTCache=/opt/paddock/runner.aot",
            "-jar",
            "/opt/paddock/runner.jar",
            "/app/app.jar");
  }

  @Test
  void aRunnableJarRunsAsJavaDashJarWithTheRunnersAgentAndNoAotCache() {
    assertThat(SandboxCommand.of(spec(false)))
        .containsExactly(
            "-Xlog:gc*:file=/tmp/paddock-gc.log:time,uptime,level,tags:filecount=1,filesize=1m",
            "-XX:NativeMemoryTracking=summary",
            "-javaagent:/opt/paddock/agent.jar",
            "-jar",
            "/app/app.jar");
  }

  @Test
  void noCommandSetsHeapOptionsTheImagesEntrypointAndTheEnvironmentDo() {
    assertThat(SandboxCommand.of(spec(true))).noneMatch(arg -> arg.contains("RAM"));
    assertThat(SandboxCommand.of(spec(false))).noneMatch(arg -> arg.contains("RAM"));
  }

  @Test
  void aReleaseWithItsOwnCacheStartsWithItAndTheOptionsItWasTrainedWithInsteadOfTheRunners() {
    AotCache cache =
        new AotCache(Path.of("/data/releases/x.aot"), List.of("-XX:+UseSerialGC"), "release v2");

    assertThat(SandboxCommand.of(spec(true).withAot(cache)))
        .containsExactly(
            "-XX:+UseSerialGC",
            "-XX:AOTCache=/app/app.aot",
            "-Xlog:aot*=off,cds*=off",
            "-Xlog:gc*:file=/tmp/paddock-gc.log:time,uptime,level,tags:filecount=1,filesize=1m",
            "-XX:NativeMemoryTracking=summary",
            "-jar",
            "/opt/paddock/runner.jar",
            "/app/app.jar");
    assertThat(SandboxCommand.of(spec(false).withAot(cache)))
        .containsSubsequence("-XX:AOTCache=/app/app.aot", "-javaagent:/opt/paddock/agent.jar");
  }

  @Test
  void aTrainingRunRecordsWithTheSameLaunchAndPinnedOptionsAsProduction() {
    List<String> pinned = List.of("-XX:+UseSerialGC");

    assertThat(SandboxCommand.record(spec(false), pinned))
        .containsExactly(
            "-XX:+UseSerialGC",
            "-XX:AOTMode=record",
            "-XX:AOTConfiguration=/aot/app.aotconf",
            "-XX:MaxMetaspaceSize=512m",
            "-Xlog:aot*=off,cds*=off",
            "-javaagent:/opt/paddock/agent.jar",
            "-jar",
            "/app/app.jar");
    assertThat(SandboxCommand.create(spec(true), pinned))
        .contains("-XX:AOTMode=create", "-XX:AOTCache=/aot/app.aot")
        .doesNotContain("-XX:AOTCache=/opt/paddock/runner.aot")
        .doesNotContainAnyElementsOf(SandboxCommand.OBSERVED);
  }

  private static SandboxSpec spec(boolean handler) {
    return TestSandboxes.spec(handler, Map.of());
  }
}
