package dev.paddock.runner;

/** Whether a sandbox serves traffic, as its health endpoint reports it. */
enum Health {
  /** The app is launched but does not serve yet. */
  STARTING,
  /** The app serves HTTP. */
  UP,
  /** The sandbox is stopping: it finishes what is in flight and takes nothing new. */
  DRAINING
}
