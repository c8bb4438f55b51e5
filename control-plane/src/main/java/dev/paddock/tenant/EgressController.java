package dev.paddock.tenant;

import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.TenantEgress;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's egress policy: everyone of the tenant reads what its sandboxes may reach; only the
 * platform admin changes it (the security configuration says so), and the change reaches running
 * sandboxes at once, without a restart.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/egress")
class EgressController {

  private final Tenants tenants;
  private final TenantEgressPolicies policies;
  private final EgressPolicy platform;
  private final EgressFloor floor;
  private final ObjectProvider<TenantEgress.Enforcer> enforcer;

  EgressController(
      Tenants tenants,
      TenantEgressPolicies policies,
      EgressPolicy platform,
      EgressFloor floor,
      ObjectProvider<TenantEgress.Enforcer> enforcer) {
    this.tenants = tenants;
    this.policies = policies;
    this.platform = platform;
    this.floor = floor;
    this.enforcer = enforcer;
  }

  /**
   * The tenant's own policy; absent or null members take the platform's.
   *
   * @param internet whether the internet is reachable, or null for the platform's choice
   */
  record EgressRequest(Boolean internet, List<String> allow, List<String> deny) {}

  /**
   * @param own the tenant's own rules, null members where the platform's apply
   * @param effective what its sandboxes may reach, the platform's rules included
   * @param alwaysDenied what no rule opens, checked before every other
   */
  record EgressView(EgressRequest own, EffectiveView effective, List<String> alwaysDenied) {}

  record EffectiveView(boolean internet, List<String> allow, List<String> deny) {}

  @GetMapping
  EgressView get(@AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant) {
    return view(caller, tenants.visibleTo(caller, tenant));
  }

  /** Replaces the tenant's policy and applies it to its network. Admin only. */
  @PutMapping
  EgressView set(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @RequestBody(required = false) EgressRequest request) {
    Tenant found = tenants.visibleTo(caller, tenant);
    TenantEgress policy = parse(request == null ? new EgressRequest(null, null, null) : request);
    policies.set(found.id(), policy);
    TenantEgress.Enforcer apply = enforcer.getIfAvailable();
    if (apply != null) {
      try {
        apply.apply(found.id(), found.name().value());
      } catch (SandboxException e) {
        throw new EgressNotAppliedException(e.getMessage());
      }
    }
    return view(caller, found);
  }

  private TenantEgress parse(EgressRequest request) {
    List<EgressRule> allow = rules("allow", request.allow());
    for (EgressRule rule : allow) {
      floor
          .covering(rule)
          .ifPresent(
              f -> {
                throw new InvalidEgressException(
                    ("allow: '%s' lies inside '%s', which is always denied (link-local addresses,"
                            + " paddock.sandbox.egress.deny, the control plane's database and"
                            + " Docker engine); no rule can open it")
                        .formatted(rule, f));
              });
    }
    return new TenantEgress(request.internet(), allow, rules("deny", request.deny()));
  }

  private static List<EgressRule> rules(String list, List<String> texts) {
    if (texts == null) {
      return List.of();
    }
    if (texts.size() > TenantEgress.MAX_RULES) {
      throw new InvalidEgressException(
          "%s: %d rules, at most %d".formatted(list, texts.size(), TenantEgress.MAX_RULES));
    }
    List<EgressRule> rules = new ArrayList<>();
    for (String text : texts) {
      try {
        rules.add(EgressRule.parse(text));
      } catch (IllegalArgumentException e) {
        throw new InvalidEgressException(list + ": " + e.getMessage());
      }
    }
    return rules;
  }

  private EgressView view(Caller caller, Tenant tenant) {
    var own = policies.of(tenant.id());
    TenantEgress.Effective effective =
        own.map(t -> t.effective(platform)).orElseGet(() -> TenantEgress.Effective.of(platform));
    return new EgressView(
        own.map(EgressController::own).orElse(new EgressRequest(null, null, null)),
        new EffectiveView(
            effective.internet(), strings(effective.allow()), strings(effective.deny())),
        strings(
            // Where the control plane's database and Docker engine are is the admin's to know.
            floor.rules().stream().filter(rule -> caller.admin() || rule.anyPort()).toList()));
  }

  static EgressRequest own(TenantEgress policy) {
    return new EgressRequest(policy.internet(), strings(policy.allow()), strings(policy.deny()));
  }

  private static List<String> strings(List<EgressRule> rules) {
    return rules.stream().map(EgressRule::toString).toList();
  }

  /** A policy saved that the engine did not take. */
  static class EgressNotAppliedException extends ApiException {
    EgressNotAppliedException(String detail) {
      super(ProblemType.EGRESS_NOT_APPLIED, detail);
    }
  }

  /** A policy that cannot be set as sent. */
  static class InvalidEgressException extends ApiException {
    InvalidEgressException(String detail) {
      super(ProblemType.INVALID_EGRESS, detail);
    }
  }
}
