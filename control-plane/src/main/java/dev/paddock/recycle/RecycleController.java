package dev.paddock.recycle;

import dev.paddock.app.App;
import dev.paddock.app.Writable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's recycle policy. Not part of a release: it applies to whatever runs, from the next sample
 * on, and setting it restarts nothing.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/recycle")
class RecycleController {

  private static final RecyclePolicy NONE = new RecyclePolicy(null, null, null, null, null);

  private final RecyclePolicies policies;

  RecycleController(RecyclePolicies policies) {
    this.policies = policies;
  }

  @GetMapping
  RecyclePolicy get(App app) {
    RecyclePolicy policy = policies.of(app.id());
    return policy == null ? NONE : policy;
  }

  /** Replaces the policy; rules left out are off, and {@code {}} turns recycling off. */
  @PutMapping
  RecyclePolicy set(@Writable App app, @RequestBody RecyclePolicy policy) {
    policies.set(app.id(), policy.checked());
    return policy;
  }
}
