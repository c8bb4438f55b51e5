package dev.paddock.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The file of the Unix socket the web server reaches a sandbox through. */
final class SocketFile {

  private SocketFile() {}

  /**
   * Removes the file: one left by an earlier instance makes bind fail, and one left behind after a
   * drain refuses every connection.
   */
  static void remove(Path socket) throws IOException {
    Files.deleteIfExists(socket);
  }

  /** Removes the file if it is still there; a failure only means no one else can connect. */
  static void forget(Path socket) {
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      Log.error("cannot remove " + socket, e);
    }
  }

  /** The web server runs under another uid and must be able to connect. */
  static void openToEveryone(Path socket) throws IOException {
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
  }
}
