package dev.paddock.handler;

/**
 * Sends server-sent events for {@link Response#events}, on the request's own thread, for as long as
 * the stream should last: the stream ends when this method returns.
 */
@FunctionalInterface
public interface EventWriter {

  /** Sends events to {@code events} until done, the client goes away or the sandbox drains. */
  void writeTo(EventStream events) throws Exception;
}
