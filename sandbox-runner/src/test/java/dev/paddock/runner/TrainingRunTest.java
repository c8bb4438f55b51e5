package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

  @Test
  void noTrainingRunUnlessTheControlPlaneAsksForOne() {
    assertEquals(Optional.empty(), TrainingRun.from(Map.of()));
  }

  @Test
  void pathsAreReadOnePerLineAndWhatIsNoPathIsDropped() {
    TrainingRun run =
        TrainingRun.from(Map.of(TrainingRun.PATHS, "/health\n/api/x\nhttp://elsewhere/\n\n"))
            .orElseThrow();

    assertEquals(List.of("/health", "/api/x"), run.paths());
  }

  @Test
  void withoutAnyPathTheRootIsAsked() {
    assertEquals(
        List.of("/"), TrainingRun.from(Map.of(TrainingRun.PATHS, "")).orElseThrow().paths());
  }

  @Test
  void aCacheTheJvmTookIsReportedInUseAndARefusedOneSaysTheAppStartsWithoutIt() {
    Map<String, String> env = Map.of("PADDOCK_AOT_CACHE", "release v3");

    assertEquals(
        Optional.of("AOT cache in use: release v3"), AotReport.of(env, "mixed mode, sharing"));
    assertEquals(
        Optional.of("AOT cache not used: the JVM refused release v3; the app starts without it"),
        AotReport.of(env, "mixed mode"));
    assertEquals(Optional.empty(), AotReport.of(Map.of(), "mixed mode, sharing"));
  }
}
