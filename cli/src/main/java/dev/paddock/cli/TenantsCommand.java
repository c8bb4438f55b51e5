package dev.paddock.cli;

import java.io.PrintWriter;
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
    subcommands = {TenantsCommand.Create.class},
    footer = {"", "Examples:", "  paddock tenants", "  paddock tenants create acme --memory 4GiB"})
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
}
