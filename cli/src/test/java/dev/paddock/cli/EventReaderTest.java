package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventReaderTest {

  private static List<Client.Event> read(String stream) throws IOException {
    List<Client.Event> events = new ArrayList<>();
    new EventReader(new BufferedReader(new StringReader(stream))).forEach(events::add);
    return events;
  }

  @Test
  void namedEventsAreReadWithTheirDataAndCommentsAreSkipped() throws IOException {
    String stream =
        ":following\n\n"
            + "event:step\ndata:{\"step\":\"uploaded\"}\n\n"
            + "id:7\nevent: done\ndata: {\"status\":\"live\"}\n\n";

    assertThat(read(stream))
        .containsExactly(
            new Client.Event("step", "{\"step\":\"uploaded\"}"),
            new Client.Event("done", "{\"status\":\"live\"}"));
  }

  @Test
  void dataOverSeveralLinesIsJoinedWithNewLines() throws IOException {
    assertThat(read("data:one\ndata:two\n\n"))
        .containsExactly(new Client.Event("message", "one\ntwo"));
  }

  @Test
  void readingStopsWhenTheSinkHasHadEnough() throws IOException {
    List<Client.Event> seen = new ArrayList<>();
    new EventReader(new BufferedReader(new StringReader("data:a\n\ndata:b\n\n")))
        .forEach(
            event -> {
              seen.add(event);
              return false;
            });

    assertThat(seen).hasSize(1);
  }
}
