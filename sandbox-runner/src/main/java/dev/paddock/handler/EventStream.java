package dev.paddock.handler;

import java.io.IOException;

/**
 * A stream of server-sent events ({@code text/event-stream}) to one client: each event reaches the
 * client as it is sent, and a comment line is sent on its own when the handler is quiet for the
 * heartbeat interval, so that proxies and clients keep the connection open. Thread-safe.
 */
public interface EventStream {

  /**
   * Sends an event with {@code data} (several lines become several {@code data:} fields).
   *
   * @throws IOException once the client has gone away or the sandbox has ended the stream
   */
  void send(String data) throws IOException;

  /**
   * Sends an event named {@code event} (a client's {@code addEventListener(event, …)} gets it).
   *
   * @throws IllegalArgumentException if the name holds a line break
   * @throws IOException once the client has gone away or the sandbox has ended the stream
   */
  void send(String event, String data) throws IOException;

  /** Whether events may still be sent: the client is there and the sandbox has not ended it. */
  boolean isOpen();
}
