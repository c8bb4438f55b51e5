package dev.paddock.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;

/**
 * Deletes a tree a tenant could write, relative to directories held open ({@code openat}, {@code
 * unlinkat}), so that a link swapped in anywhere, even while the walk runs, is removed itself and
 * never followed: what is deleted is always inside the tree.
 */
public final class TenantFiles {

  /** Deeper than any socket directory needs; what lies below is left. */
  private static final int MAX_DEPTH = 32;

  private TenantFiles() {}

  /** Deletes everything inside {@code dir}, whose own path the tenant cannot change. */
  public static void deleteTree(Path dir) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
        throw new IOException("This platform cannot delete without following links: " + dir);
      }
      deleteEntries(secure, 0);
    }
  }

  private static void deleteEntries(SecureDirectoryStream<Path> dir, int depth) throws IOException {
    // Entries go as they are read, so that however many there are, none is held in memory.
    for (Path entry : dir) {
      Path name = entry.getFileName();
      boolean directory =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes()
              .isDirectory();
      if (directory && depth < MAX_DEPTH) {
        // O_NOFOLLOW: a directory swapped for a link since it was read fails to open.
        try (SecureDirectoryStream<Path> child =
            dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
          deleteEntries(child, depth + 1);
        }
        dir.deleteDirectory(name);
      } else {
        dir.deleteFile(name);
      }
    }
  }
}
