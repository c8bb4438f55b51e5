package dev.paddock.routing;

/** The edge refused a configuration or could not be reloaded; the last good one keeps serving. */
public class RoutingException extends RuntimeException {

  public RoutingException(String message, Throwable cause) {
    super(message, cause);
  }
}
