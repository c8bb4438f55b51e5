package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExcerptTest {

  private static final List<String> TRACE =
      List.of(
          "java.lang.IllegalStateException: boom",
          "\tat com.example.Handler.handle(Handler.java:12)",
          "\tat dev.paddock.runner.Serve.run(Serve.java:40)",
          "Caused by: java.io.IOException: no",
          "\t... 2 more");

  @Test
  void keepsTheLastFortyLines() {
    List<String> raw = IntStream.range(0, 100).mapToObj(i -> "line " + i).toList();

    assertThat(Excerpt.of(raw)).hasSize(40).startsWith("line 60").endsWith("line 99");
  }

  @Test
  void cutsEachLineToTwoHundredFiftySixCharactersAndMarksTheCut() {
    List<String> excerpt = Excerpt.of(List.of("x".repeat(16 * 1024)));

    assertThat(excerpt.getFirst()).hasSize(257).endsWith("x…");
  }

  @Test
  void showsARepeatedStackTraceOnceWithHowManyMoreTimesItCame() {
    List<String> raw = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      raw.add("12:00:%02d ERROR request failed".formatted(i));
      raw.addAll(TRACE);
    }
    raw.add("Killed");

    List<String> excerpt = Excerpt.of(raw);

    assertThat(excerpt)
        .containsExactly(
            "12:00:00 ERROR request failed",
            "java.lang.IllegalStateException: boom",
            "\tat com.example.Handler.handle(Handler.java:12)",
            "\tat dev.paddock.runner.Serve.run(Serve.java:40)",
            "Caused by: java.io.IOException: no",
            "\t... 2 more",
            "[the stack trace above came 29 more times]",
            "Killed");
  }

  @Test
  void showsALineRepeatedInARowOnceButKeepsTheOrderOfOthers() {
    assertThat(Excerpt.of(List.of("a", "b", "b", "b", "a")))
        .containsExactly("a", "b", "[the line above came 2 more times]", "a");
  }

  @Test
  void escapesControlCharactersSoALineStaysOneLine() {
    assertThat(Excerpt.of(List.of("\u001b[2Jfake\rline\u0000")))
        .containsExactly("\\u001b[2Jfake\\rline\\u0000");
  }

  @Test
  void writesTextOnOneLineForTheControlPlanesLog() {
    assertThat(Excerpt.oneLine("died:\n\tat x\r\n\u001b[0m"))
        .isEqualTo("died:\\n\\tat x\\r\\n\\u001b[0m");
  }

  @Test
  void neverCutsACharacterInHalf() {
    String text = "a".repeat(9) + "😀";

    assertThat(Excerpt.line(text, 10)).isEqualTo("a".repeat(9) + "…");
  }
}
