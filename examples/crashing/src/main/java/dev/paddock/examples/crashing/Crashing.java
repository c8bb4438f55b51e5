package dev.paddock.examples.crashing;

/** A runnable jar that exits with status 1 about 200 ms after it starts, before serving. */
public final class Crashing {

  private Crashing() {}

  /** Waits briefly so the sandbox is seen running, then exits the whole JVM with status 1. */
  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(200);
    System.err.println("crashing on purpose");
    System.exit(1);
  }
}
