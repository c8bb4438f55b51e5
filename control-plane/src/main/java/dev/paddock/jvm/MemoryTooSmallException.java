package dev.paddock.jvm;

import dev.paddock.web.ApiException;
import org.springframework.http.HttpStatus;

/** A memory limit that leaves a release's JVM less heap than it needs. */
public class MemoryTooSmallException extends ApiException {
  MemoryTooSmallException(String detail) {
    super(HttpStatus.UNPROCESSABLE_CONTENT, "memory-too-small", "Memory limit too small", detail);
  }
}
