package dev.paddock.naming;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;

/** A tenant or app name that is not a DNS label. */
public class InvalidNameException extends ApiException {

  public InvalidNameException(String value) {
    super(
        ProblemType.INVALID_NAME,
        "'%s' is not a valid name: use 2–32 characters a-z, 0-9 and '-', starting with a letter and not ending with '-'"
            .formatted(printable(value)));
  }

  private static String printable(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return shown.replaceAll("\\p{Cntrl}", "\uFFFD");
  }
}
