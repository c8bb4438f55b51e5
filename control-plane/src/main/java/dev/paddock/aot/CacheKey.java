package dev.paddock.aot;

import dev.paddock.jvm.JvmMemory;
import dev.paddock.sandbox.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a release's AOT cache must match to be taken: the JVM refuses a cache made under other
 * options, so the options that can differ between two starts of a release are pinned and hashed.
 * The collector is pinned to the one the JVM picks for the limits (G1 from 2 CPUs and 1792 MiB,
 * else Serial), as a training run's larger memory could make it pick another; the heap sizing the
 * memory limit gives ({@code JDK_JAVA_OPTIONS}) and the limit itself are in the key, so a new limit
 * makes a new cache.
 *
 * @param options the JVM options the cache was trained with, pinned ones first
 * @param pinned the options both training and production get on the command line
 * @param hash 12 hex digits naming the cache file
 */
record CacheKey(List<String> options, List<String> pinned, String hash) {

  static final long SERVER_CLASS_MEMORY = 1792L << 20;

  static CacheKey of(SandboxSpec spec, String image) {
    boolean g1 =
        spec.limits().cpus() >= 2 && spec.limits().memory().toBytes() >= SERVER_CLASS_MEMORY;
    List<String> pinned = List.of(g1 ? "-XX:+UseG1GC" : "-XX:+UseSerialGC");
    List<String> options = new ArrayList<>(pinned);
    String sizing = spec.env().get(JvmMemory.JAVA_OPTIONS);
    if (sizing != null) {
      options.addAll(List.of(sizing.strip().split("\\s+")));
    }
    options.add("memory limit " + spec.limits().memory().toBytes() + " bytes");
    String canonical =
        String.join(
            "\n",
            spec.artifactSha256(),
            String.valueOf(spec.handler()),
            image,
            String.join(" ", options));
    return new CacheKey(List.copyOf(options), pinned, digest(canonical));
  }

  /** The cache's file name beside the release's jar. */
  String fileName(String sha256) {
    return sha256 + "-" + hash + ".aot";
  }

  private static String digest(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
