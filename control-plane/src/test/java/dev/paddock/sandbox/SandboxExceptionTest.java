package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class SandboxExceptionTest {

  @Test
  void anEngineIsUnreachableOnlyWhenAnIoErrorLiesUnderWhatItsClientThrew() {
    var refused = new RuntimeException(new UncheckedIOException(new ConnectException("refused")));
    assertThat(SandboxException.unreachableOr("Docker", "list sandboxes", refused))
        .isInstanceOf(SandboxException.class)
        .hasMessageStartingWith("Docker is unreachable (list sandboxes): ")
        .hasCause(refused);
  }

  @Test
  void aFaultOfThisProgramIsNotTakenForTheEngines() {
    var bug = new NullPointerException("spec.limits()");
    assertThat(SandboxException.unreachableOr("Docker", "start a sandbox", bug)).isSameAs(bug);
  }
}
