package dev.paddock.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.springframework.stereotype.Component;

/**
 * Checks that whoever added a custom domain controls it: a TXT record {@code _paddock.<name>}
 * holding the domain's token, or the token served at {@code
 * http://<name>/.well-known/paddock/<token>} (which the edge does by itself once the name's DNS
 * points at it). Every check is bounded: one DNS query of at most the timeout per record, one HTTP
 * request that reads at most 4 KiB, no redirect followed, and never to a link-local address (a
 * cloud's metadata service). Thread-safe.
 */
@Component
class Proof {

  static final String WELL_KNOWN = "/.well-known/paddock/";
  private static final int MAX_ANSWER = 4096;

  private final VerificationProperties settings;

  Proof(VerificationProperties settings) {
    this.settings = settings;
  }

  /** The outcome of one check: proven (and how), or why not. */
  record Outcome(boolean proven, String detail) {}

  Outcome check(String host, String token) {
    String dns = dns(host, token);
    if (dns == null) {
      return new Outcome(true, "DNS TXT record _paddock." + host);
    }
    String http = http(host, token);
    if (http == null) {
      return new Outcome(true, "HTTP token at http://" + host + WELL_KNOWN + token);
    }
    return new Outcome(false, dns + "; " + http);
  }

  /** Null when the TXT record holds the token, else what was found. */
  private String dns(String host, String token) {
    String name = "_paddock." + host;
    try {
      List<String> values = lookup(name, "TXT");
      if (values.stream().anyMatch(v -> v.replace("\"", "").strip().equals(token))) {
        return null;
      }
      return values.isEmpty()
          ? "no TXT record at " + name
          : "the TXT record at %s does not hold the token".formatted(name);
    } catch (NameNotFoundException e) {
      return "no TXT record at " + name;
    } catch (NamingException e) {
      return "DNS lookup of %s failed: %s".formatted(name, e.getClass().getSimpleName());
    }
  }

  /** Null when the name's address serves the token over HTTP, else what it did instead. */
  private String http(String host, String token) {
    String url = "http://" + host + WELL_KNOWN + token;
    InetAddress address;
    try {
      address = address(host);
    } catch (NamingException | IOException e) {
      return "%s does not resolve to an address, so %s cannot be fetched".formatted(host, url);
    }
    if (address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
      return "%s resolves to %s, which is never asked".formatted(host, address.getHostAddress());
    }
    int timeout = (int) settings.timeout().toMillis();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, settings.httpPort()), timeout);
      socket.setSoTimeout(timeout);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET %s%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: paddock-verification\r\nConnection: close\r\n\r\n"
              .formatted(WELL_KNOWN, token, host)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = read(socket.getInputStream());
      int end = answer.indexOf("\r\n");
      String status = end < 0 ? answer : answer.substring(0, end);
      int body = answer.indexOf("\r\n\r\n");
      if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
        return "%s answered %s".formatted(url, status.isEmpty() ? "nothing" : status.strip());
      }
      if (body < 0 || !answer.substring(body + 4).strip().equals(token)) {
        return url + " answered 200 without the token";
      }
      return null;
    } catch (IOException e) {
      return "%s could not be fetched from %s port %d: %s"
          .formatted(url, address.getHostAddress(), settings.httpPort(), e.getMessage());
    }
  }

  private static String read(InputStream in) throws IOException {
    byte[] buffer = new byte[MAX_ANSWER];
    int total = 0;
    for (int n;
        total < buffer.length && (n = in.read(buffer, total, buffer.length - total)) > 0; ) {
      total += n;
    }
    return new String(buffer, 0, total, StandardCharsets.ISO_8859_1);
  }

  private InetAddress address(String host) throws NamingException, IOException {
    if (settings.resolver() == null) {
      return InetAddress.getByName(host);
    }
    for (String type : List.of("A", "AAAA")) {
      List<String> found = lookup(host, type);
      if (!found.isEmpty()) {
        return InetAddress.getByName(found.getFirst());
      }
    }
    throw new NameNotFoundException(host);
  }

  /** The values of the name's records of one type, from the configured resolver. */
  private List<String> lookup(String name, String type) throws NamingException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
    env.put(
        Context.PROVIDER_URL,
        settings.resolver() == null ? "dns:" : "dns://" + settings.resolver());
    env.put("com.sun.jndi.dns.timeout.initial", Long.toString(settings.timeout().toMillis()));
    env.put("com.sun.jndi.dns.timeout.retries", "1");
    DirContext context = new InitialDirContext(env);
    try {
      Attribute records = context.getAttributes(name, new String[] {type}).get(type);
      List<String> values = new ArrayList<>();
      if (records != null) {
        NamingEnumeration<?> all = records.getAll();
        while (all.hasMore() && values.size() < 16) {
          values.add(String.valueOf(all.next()));
        }
      }
      return values;
    } finally {
      context.close();
    }
  }
}
