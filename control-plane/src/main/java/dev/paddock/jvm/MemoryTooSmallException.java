package dev.paddock.jvm;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;

/** A memory limit that leaves a release's JVM less heap than it needs. */
public class MemoryTooSmallException extends ApiException {
  MemoryTooSmallException(String detail) {
    super(ProblemType.MEMORY_TOO_SMALL, detail);
  }
}
