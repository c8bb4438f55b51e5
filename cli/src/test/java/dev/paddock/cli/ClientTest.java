package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTest {

  @Test
  void aProblemIsToldByItsDetail() {
    String problem =
        """
        {"type":"https://paddock.dev/problems/conflict","title":"Conflict","status":409,
         "detail":"App 'hello' already exists"}
        """;

    assertThat(Client.refusal(409, problem).getMessage()).isEqualTo("App 'hello' already exists");
  }

  @Test
  void aBodyThatIsNoProblemIsToldByTheStatus() {
    assertThat(Client.refusal(502, "<html>Bad gateway</html>").getMessage())
        .isEqualTo("the control plane answered HTTP 502");
  }

  @Test
  void aMissingSubcommandArgumentIsAUsageError() {
    assertThat(PaddockCli.run("apps", "create")).isEqualTo(PaddockCli.USAGE);
  }

  @Test
  void aRefusedCredentialSaysToSignInAgain() {
    String problem =
        """
        {"type":"https://paddock.dev/problems/unauthorized","title":"Unauthorized","status":401,
         "detail":"Send a valid token as 'Authorization: Bearer <token>'."}
        """;

    assertThat(Client.refusal(401, problem).getMessage()).contains("run paddock login again");
  }
}
