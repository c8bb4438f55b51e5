package dev.paddock.cli;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * Saves a control plane as a named context: with a token as given, or with a user's password, which
 * an owner trades for a token minted for the CLI and anyone else for a session.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Save a control plane's URL and credentials as a context, and make it the current one.",
      "With --user the password is read from the terminal (or stdin's first line): a tenant's",
      "owner gets a token minted for the CLI, anyone else a session (ends after 12 h idle)."
    },
    footer = {
      "",
      "Examples:",
      "  paddock login --url https://paddock.example.com --token $TOKEN --tenant acme --context prod",
      "  paddock login --url https://paddock.example.com --user alice --context prod",
      "  printf '%%s\\n' \"$PW\" | paddock login --url http://127.0.0.1:8080 --user alice"
    })
class LoginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--url", required = true, description = "The control plane's base URL.")
  String url;

  @ArgGroup(multiplicity = "1")
  Credentials credentials;

  /** A token, or a user whose password is asked for. */
  static class Credentials {
    @Option(names = "--token", required = true, description = "A token minted for the tenant.")
    String token;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "NAME",
        description = "A user; the password is asked for.")
    String user;
  }

  @Option(
      names = "--tenant",
      paramLabel = "NAME",
      description = "The tenant to manage (default: the only one there is).")
  String tenant;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      defaultValue = "default",
      description = "The name to save it under (default: ${DEFAULT-VALUE}).")
  String context;

  @Option(
      names = "--expires-in",
      paramLabel = "DURATION",
      defaultValue = "P90D",
      description = "With --user, how long a minted token lasts (default: ${DEFAULT-VALUE}).")
  String expiresIn;

  @Override
  public Integer call() {
    Config.Context saved =
        credentials.token != null ? withToken(credentials.token) : signIn(credentials.user);
    Config.load().with(context, saved).save();
    JsonNode me = new Client(saved).get("api/v1/me");
    spec.commandLine()
        .getOut()
        .printf(
            "Logged in to %s as %s%s with a %s (context %s)%n",
            url,
            me.path("name").asString(),
            saved.tenant() == null ? "" : ", tenant " + saved.tenant(),
            saved.auth(),
            context);
    return 0;
  }

  private Config.Context withToken(String token) {
    JsonNode me = new Client(new Config.Context(url, token, tenant)).get("api/v1/me");
    return new Config.Context(url, token, tenant != null ? tenant : onlyTenant(me));
  }

  /** Signs in; an owner of the tenant trades the session for a token, others keep the session. */
  private Config.Context signIn(String user) {
    String password = Terminal.secret("Password for " + user + " at " + url + ": ");
    HttpResponse<String> signedIn =
        new Client(new Config.Context(url, null, null))
            .call("POST", "api/v1/session", Map.of("name", user, "password", password));
    String cookie = sessionCookie(signedIn);
    JsonNode me = Client.parse(signedIn.body());
    String chosen = tenant != null ? tenant : onlyTenant(me);
    // The session's CSRF token comes back on any request made with it.
    Client session = new Client(new Config.Context(url, null, chosen, cookie, null));
    String csrf =
        session
            .call("GET", "api/v1/me", null)
            .headers()
            .firstValue(Client.CSRF_HEADER)
            .orElse(null);
    Config.Context signed = new Config.Context(url, null, chosen, cookie, csrf);
    if (chosen == null || !"owner".equals(role(me, chosen)) || me.path("admin").asBoolean()) {
      return signed;
    }
    Client owner = new Client(signed);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", tokenName(user));
    request.put("role", "owner");
    request.put("expiresIn", expiresIn);
    JsonNode minted = owner.post("api/v1/tenants/" + chosen + "/tokens", request);
    owner.call("DELETE", "api/v1/session", null);
    return new Config.Context(url, minted.path("token").asString(), chosen);
  }

  /** Unique per login, and says whose and when: {@code paddock tokens} lists it so. */
  static String tokenName(String user) {
    String name = "cli-" + user + "-" + Instant.now().getEpochSecond();
    return name.length() <= 64 ? name : name.substring(name.length() - 64);
  }

  private static String sessionCookie(HttpResponse<String> response) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      String pair = header.split(";", 2)[0].trim();
      // Over TLS the control plane names it with the __Host- prefix.
      if (pair.startsWith(Client.SESSION_COOKIE + "=")
          || pair.startsWith("__Host-" + Client.SESSION_COOKIE + "=")) {
        return pair;
      }
    }
    throw new ApiRefusedException(
        response.statusCode(), "the control plane signed in but set no session cookie");
  }

  private static String role(JsonNode me, String tenant) {
    for (JsonNode membership : me.path("tenants")) {
      if (tenant.equals(membership.path("tenant").asString())) {
        return membership.path("role").asString();
      }
    }
    return null;
  }

  private static String onlyTenant(JsonNode me) {
    return me.path("tenants").size() == 1
        ? me.path("tenants").get(0).path("tenant").asString()
        : null;
  }
}
