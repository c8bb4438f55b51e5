package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCommandTest {

  @Test
  void aCommandThatExitsBeforeReadingItsInputIsReportedByItsExitAndOutput() {
    // 8 MiB: far more than a pipe holds, so the write meets a command that has gone.
    String input = "x".repeat(8 * 1024 * 1024);
    var command = new HostCommand(List.of("sh", "-c", "echo refused; exit 3"), input);

    var result = command.run();

    assertThat(result.exit()).isEqualTo(3);
    assertThat(result.output()).isEqualTo("refused");
  }
}
