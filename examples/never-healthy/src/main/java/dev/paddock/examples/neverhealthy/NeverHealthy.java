package dev.paddock.examples.neverhealthy;

/** A runnable jar that stays alive without ever serving on {@code PORT}, so it is never healthy. */
public final class NeverHealthy {

  private NeverHealthy() {}

  /** Logs a line, then sleeps until the sandbox is stopped. */
  public static void main(String[] args) throws InterruptedException {
    System.out.println("never-healthy: running, but never opening port " + System.getenv("PORT"));
    while (true) {
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
