package dev.paddock.cli;

import java.io.BufferedReader;
import java.io.IOException;

/** Parses a {@code text/event-stream}: {@code event:} and {@code data:} lines, blank-separated. */
record EventReader(BufferedReader reader) {

  /** Hands each event to {@code sink} until the stream ends or the sink returns false. */
  void forEach(Client.EventSink sink) throws IOException {
    String name = "message";
    StringBuilder data = new StringBuilder();
    boolean any = false;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (any && !sink.accept(new Client.Event(name, data.toString()))) {
          return;
        }
        name = "message";
        data.setLength(0);
        any = false;
      } else if (line.startsWith("event:")) {
        name = value(line);
      } else if (line.startsWith("data:")) {
        if (any) {
          data.append('\n');
        }
        data.append(value(line));
        any = true;
      }
    }
  }

  private static String value(String line) {
    String value = line.substring(line.indexOf(':') + 1);
    return value.startsWith(" ") ? value.substring(1) : value;
  }
}
