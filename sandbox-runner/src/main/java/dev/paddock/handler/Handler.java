package dev.paddock.handler;

/**
 * Serves the HTTP requests of a handler jar; one instance lives as long as its sandbox.
 *
 * <p>The class named by the jar's {@code Paddock-Handler} manifest attribute implements this
 * interface and has a public no-argument constructor. Requests may arrive concurrently, so shared
 * state needs to be thread-safe. A handler that also implements {@link AutoCloseable} is closed
 * once when the sandbox drains, after the last request has finished.
 */
@FunctionalInterface
public interface Handler {

  /** Answers one request; an exception becomes a 500 response and is logged by the sandbox. */
  Response handle(Request request) throws Exception;
}
