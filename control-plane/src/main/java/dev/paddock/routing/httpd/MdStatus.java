package dev.paddock.routing.httpd;

import dev.paddock.routing.Certificate;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What {@code mod_md}'s {@code md-status} handler says of each managed domain: its certificate's
 * state, and which domains have a new certificate staged that only a graceful reload activates.
 *
 * @param certificates each domain's certificate, by host name
 * @param staged the domains whose new certificate waits for a reload, by host name and serial
 */
record MdStatus(Map<String, Certificate> certificates, Map<String, String> staged) {

  /** Reads the handler's JSON; a domain it does not know of yet is pending. */
  static MdStatus parse(JsonNode status) {
    Map<String, Certificate> certificates = new HashMap<>();
    Map<String, String> staged = new HashMap<>();
    for (JsonNode md : status.path("managed-domains")) {
      String host = md.path("name").asString("");
      JsonNode cert = md.path("cert");
      JsonNode renewal = md.path("renewal");
      JsonNode last = renewal.path("last");
      String error = renewal.path("errors").asInt(0) > 0 ? problem(last) : null;
      Instant nextTry = date(renewal.path("next-run"));
      if (!cert.path("valid").isMissingNode()) {
        certificates.put(
            host,
            new Certificate(
                host,
                Certificate.State.ACTIVE,
                issuer(cert),
                date(cert.path("valid").path("until")),
                error,
                error == null ? null : nextTry));
      } else if (error != null) {
        certificates.put(host, Certificate.failing(host, error, nextTry));
      } else {
        certificates.put(host, Certificate.pending(host));
      }
      String next = serial(renewal.path("cert"));
      if (renewal.path("finished").asBoolean(false) && next != null && !next.equals(serial(cert))) {
        staged.put(host, next);
      }
    }
    return new MdStatus(certificates, staged);
  }

  /** The names whose certificate serves, or will from the next reload. */
  Set<String> secured() {
    Set<String> secured = new HashSet<>(staged.keySet());
    certificates.values().stream()
        .filter(c -> c.state() == Certificate.State.ACTIVE)
        .forEach(c -> secured.add(c.host()));
    return secured;
  }

  private static String problem(JsonNode last) {
    String detail = last.path("detail").asString("");
    String description = last.path("status-description").asString("");
    String problem = last.path("problem").asString("");
    String text = !detail.isEmpty() ? detail : description;
    return problem.isEmpty() ? text : text + " (" + problem + ")";
  }

  /** The serial of a certificate set: one certificate per key type, the same serial or not. */
  private static String serial(JsonNode cert) {
    for (JsonNode byKey : cert) {
      if (byKey.has("serial")) {
        return byKey.path("serial").asString("");
      }
    }
    return null;
  }

  private static String issuer(JsonNode cert) {
    for (JsonNode byKey : cert) {
      if (byKey.has("issuer-name")) {
        return byKey.path("issuer-name").asString("").replaceFirst("^/", "").replace('/', ',');
      }
    }
    return null;
  }

  private static Instant date(JsonNode text) {
    if (!text.isString()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(text.asString(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
