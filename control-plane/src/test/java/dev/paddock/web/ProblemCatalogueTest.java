package dev.paddock.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/problems.md} is the catalogue every problem's {@code type} points to: rendered from
 * {@link ProblemType}, so the two cannot drift. After changing a type, write the file again with
 * {@code ./mvnw -pl control-plane test -Dtest=ProblemCatalogueTest -Dproblems.write=true}.
 */
class ProblemCatalogueTest {

  private static final Path DOC = Path.of("..", "docs", "problems.md");

  @Test
  void theDocumentedCatalogueIsTheOneTheApiAnswers() throws IOException {
    String rendered = render();
    if (Boolean.getBoolean("problems.write")) {
      Files.writeString(DOC, rendered);
    }
    assertThat(Files.readString(DOC))
        .as("docs/problems.md is out of date: run this test with -Dproblems.write=true")
        .isEqualTo(rendered);
  }

  @Test
  void everyTypeHasItsOwnSlugAndSaysWhatToDo() {
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug)).doesNotHaveDuplicates();
    assertThat(ProblemType.values())
        .allSatisfy(type -> assertThat(type.hint()).hasSizeGreaterThan(10).endsWith("."));
  }

  @Test
  void springsOwnRefusalsGetATypeOfTheCatalogue() {
    assertThat(ProblemType.ofRefusal(org.springframework.http.HttpStatus.METHOD_NOT_ALLOWED))
        .isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
    assertThat(ProblemType.ofRefusal(org.springframework.http.HttpStatus.FORBIDDEN))
        .isEqualTo(ProblemType.FORBIDDEN);
    assertThat(ProblemType.ofRefusal(org.springframework.http.HttpStatus.I_AM_A_TEAPOT))
        .isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(ProblemType.ofRefusal(org.springframework.http.HttpStatus.BAD_GATEWAY))
        .isEqualTo(ProblemType.INTERNAL);
  }

  private static String render() {
    String rows =
        Arrays.stream(ProblemType.values())
            .map(
                type ->
                    "| <a id=\"%s\"></a>`%s` | %d | %s | %s |"
                        .formatted(
                            type.slug(),
                            type.slug(),
                            type.status().value(),
                            type.title(),
                            type.hint().replace("|", "\\|")))
            .collect(Collectors.joining("\n"));
    return """
        # Problems the API answers

        Every refusal of Paddock's API is `application/problem+json` ([RFC 9457](https://www.rfc-editor.org/rfc/rfc9457)):
        `status`, a `title` per type, a `detail` that names what was wrong in this request, and a
        `type` of `https://paddock.dev/problems/<slug>`, one per kind of failure, listed here. Scripts
        branch on `type`, people read `detail`. Some answers carry a `Retry-After` header (429, 503,
        and 202 while a recording runs).

        Rendered from `ProblemType` by `ProblemCatalogueTest`; do not edit by hand.

        | type | status | title | what to do |
        |---|---|---|---|
        %s
        """
        .formatted(rows);
  }
}
