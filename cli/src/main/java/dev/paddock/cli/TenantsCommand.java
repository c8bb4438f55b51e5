package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The tenants the caller may see (all of them for the admin), and creating one. */
@Command(
    name = "tenants",
    mixinStandardHelpOptions = true,
    description = "List tenants with their usage against their quota (all of them for the admin).",
    subcommands = {
      TenantsCommand.Create.class,
      TenantsCommand.Egress.class,
      TenantsCommand.Idle.class
    },
    footer = {
      "",
      "Examples:",
      "  paddock tenants",
      "  paddock tenants create acme --memory 4GiB",
      "  paddock tenants egress acme --internet false --allow 10.20.0.0/16:5432",
      "  paddock tenants idle acme 30m"
    })
class TenantsCommand implements Callable<Integer> {

  static final String TENANTS = "api/v1/tenants";

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Override
  public Integer call() {
    output.list(
        spec.commandLine().getOut(),
        target.platform().get(TENANTS),
        List.of("NAME", "UID", "APPS", "INSTANCES", "MEMORY", "CREATED"),
        tenant ->
            List.of(
                tenant.path("name").asString(),
                String.valueOf(tenant.path("uid").asInt()),
                used(tenant, "apps"),
                used(tenant, "instances"),
                used(tenant, "memory"),
                Output.text(tenant, "createdAt")));
    return 0;
  }

  /** What the tenant uses of one quota, as {@code used/bound} ({@code ∞} when unbounded). */
  private static String used(JsonNode tenant, String field) {
    JsonNode usage = tenant.path("usage");
    JsonNode quota = tenant.path("quota");
    String bound =
        quota.path(field).isNull() || quota.path(field).isMissingNode()
            ? "∞"
            : quota.path(field).asString();
    return Output.text(usage, field) + "/" + bound;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a tenant (admin only).",
        "Without quota options it gets the default quota; with any, the others are unbounded."
      },
      footer = {"", "Example:", "  paddock tenants create acme --apps 10 --memory 8GiB"})
  static class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Output output;

    @Parameters(paramLabel = "NAME", description = "A DNS label: lower case, digits, '-'.")
    String name;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory quota, such as 8GiB.")
    String memory;

    @Option(names = "--apps", paramLabel = "N", description = "How many apps at most.")
    Integer apps;

    @Option(names = "--instances", paramLabel = "N", description = "How many instances at most.")
    Integer instances;

    @Override
    public Integer call() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("name", name);
      if (memory != null || apps != null || instances != null) {
        Map<String, Object> quota = new LinkedHashMap<>();
        quota.put("memory", memory);
        quota.put("apps", apps);
        quota.put("instances", instances);
        request.put("quota", quota);
      }
      JsonNode tenant = target.platform().post(TENANTS, request);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedJson(out, tenant)) {
        out.printf(
            "Created tenant %s (uid %d)%n",
            tenant.path("name").asString(), tenant.path("uid").asInt());
      }
      return 0;
    }
  }

  @Command(
      name = "egress",
      mixinStandardHelpOptions = true,
      description = {
        "Show where the tenant's sandboxes may connect; with options, replace its own policy"
            + " (admin only). Running sandboxes follow at once.",
        "Rules are CIDR ranges with an optional port or port range. Link-local addresses, the"
            + " platform's deny list and the control plane's database are always denied."
      },
      footer = {
        "",
        "Examples:",
        "  paddock tenants egress acme",
        "  paddock tenants egress acme --internet false --allow 10.20.0.0/16:5432",
        "  paddock tenants egress acme --allow 192.168.7.0/24:8000-8100 --deny 203.0.113.0/24",
        "  paddock tenants egress acme --reset"
      })
  static class Egress implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Output output;

    @Parameters(paramLabel = "TENANT", description = "The tenant.")
    String tenant;

    @Option(
        names = "--internet",
        arity = "1",
        paramLabel = "BOOL",
        description = "Whether the internet is reachable (default: the platform's choice).")
    Boolean internet;

    @Option(names = "--allow", paramLabel = "RULE", description = "A range to open; repeatable.")
    List<String> allow;

    @Option(names = "--deny", paramLabel = "RULE", description = "A range to close; repeatable.")
    List<String> deny;

    @Option(names = "--reset", description = "Back to the platform's policy alone.")
    boolean reset;

    @Override
    public Integer call() {
      String path = TENANTS + "/" + tenant + "/egress";
      JsonNode policy;
      if (reset || internet != null || allow != null || deny != null) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (!reset) {
          request.put("internet", internet);
          request.put("allow", allow == null ? List.of() : allow);
          request.put("deny", deny == null ? List.of() : deny);
        }
        policy = target.platform().put(path, request);
      } else {
        policy = target.platform().get(path);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedJson(out, policy)) {
        JsonNode effective = policy.path("effective");
        out.printf(
            "internet: %s%s%n",
            effective.path("internet").asBoolean() ? "yes" : "no",
            policy.path("own").path("internet").isBoolean() ? "" : " (the platform's choice)");
        out.printf("allow:    %s%n", rules(effective.path("allow")));
        out.printf("deny:     %s%n", rules(effective.path("deny")));
        out.printf("always denied: %s%n", rules(policy.path("alwaysDenied")));
      }
      return 0;
    }

    private static String rules(JsonNode rules) {
      List<String> texts = new ArrayList<>();
      rules.forEach(rule -> texts.add(rule.asString()));
      return texts.isEmpty() ? "-" : String.join(", ", texts);
    }
  }

  @Command(
      name = "idle",
      mixinStandardHelpOptions = true,
      description = {
        "Show the idle time the tenant's new apps start with; with TIME, set it (admin only).",
        "Apps created from then on sleep after it unless they set their own (paddock idle);"
            + " apps that exist keep theirs."
      },
      footer = {"", "Examples:", "  paddock tenants idle acme", "  paddock tenants idle acme 30m"})
  static class Idle implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "TENANT", description = "The tenant.")
    String tenant;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "TIME",
        description = "15m, 2h, 1d, an ISO-8601 duration such as PT15M, or never.")
    String time;

    @Override
    public Integer call() {
      String path = TENANTS + "/" + tenant + "/idle";
      JsonNode idle =
          time == null
              ? target.platform().get(path)
              : target.platform().put(path, IdleCommand.request(time));
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedJson(out, idle)) {
        out.printf(
            "new apps of %s sleep after %s%n", tenant, IdleCommand.shown(idle.path("sleepAfter")));
      }
      return 0;
    }
  }
}
