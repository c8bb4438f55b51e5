package dev.paddock.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a sandbox's release jar before the runner starts (the init container of a Kubernetes
 * sandbox): {@code Fetch <url> <sha256> <target>}. The jar lands at {@code target} by an atomic
 * rename only when its SHA-256 is the one expected; otherwise nothing is written and the exit code
 * is 1, with the reason on stderr. A control plane that does not answer is asked again a few times.
 */
public final class Fetch {

  static final int ATTEMPTS = 5;

  private Fetch() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: Fetch <url> <sha256> <target>");
      System.exit(2);
    }
    try {
      long size = fetch(URI.create(args[0]), args[1], Path.of(args[2]), Duration.ofSeconds(1));
      Log.info("fetched %s (%d bytes, sha256 %s)".formatted(args[2], size, args[1]));
    } catch (FetchException | IllegalArgumentException e) {
      System.err.println("paddock-fetch: " + e.getMessage());
      System.exit(1);
    }
  }

  /** A download that failed for good; its message says why, without the link's query. */
  static final class FetchException extends Exception {
    FetchException(String message) {
      super(message);
    }
  }

  /** Downloads {@code url} to {@code target} if its digest is {@code sha256}; returns its size. */
  static long fetch(URI url, String sha256, Path target, Duration backoff) throws FetchException {
    String where = url.getScheme() + "://" + url.getAuthority() + url.getPath();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String failure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return download(http, url, sha256, target, where);
      } catch (IOException e) {
        failure = "%s did not answer: %s".formatted(where, e);
      } catch (RetryableStatus e) {
        failure = e.getMessage();
      }
      pause(backoff.multipliedBy(attempt));
    }
    throw new FetchException(failure + " (" + ATTEMPTS + " attempts)");
  }

  private static long download(HttpClient http, URI url, String sha256, Path target, String where)
      throws IOException, FetchException, RetryableStatus {
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while fetching " + where);
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status >= 500) {
        throw new RetryableStatus("%s answered %d".formatted(where, status));
      }
      if (status != 200) {
        throw new FetchException(
            "%s answered %d: the link is wrong or the release is gone".formatted(where, status));
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".fetch-", ".jar");
      try {
        MessageDigest digest = sha256();
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
          size = body.transferTo(out);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(sha256)) {
          throw new FetchException(
              "%s sent a jar with sha256 %s, expected %s".formatted(where, actual, sha256));
        }
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return size;
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** The server failed, not the request: worth asking again. */
  private static final class RetryableStatus extends Exception {
    RetryableStatus(String message) {
      super(message);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
