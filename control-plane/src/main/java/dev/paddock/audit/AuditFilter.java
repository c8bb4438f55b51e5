package dev.paddock.audit;

import dev.paddock.auth.Caller;
import dev.paddock.auth.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every API call that may change something (POST, PUT, PATCH, DELETE), and every look into
 * an app's JVM (its diagnostics), once it is done, refused ones included: who (the token's name and
 * role, or anonymous), what (method and path), when, from where (the client's address) and the
 * status it ended with. Runs outside the security chain, so that refusals are recorded too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Pattern TENANT = Pattern.compile("^/api/v1/tenants/([^/]+)");
  // Reading an app's threads, heap or recordings shows what it holds: recorded like a change.
  private static final Pattern DIAGNOSTICS =
      Pattern.compile("^/api/v1/tenants/[^/]+/apps/[^/]+/diagnostics(/|$)");

  private final AuditLog audit;

  AuditFilter(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    String method = request.getMethod();
    boolean recorded =
        MUTATING.contains(method) || ("GET".equals(method) && DIAGNOSTICS.matcher(path).find());
    return !recorded || !path.startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
      Matcher matcher = TENANT.matcher(request.getRequestURI());
      String tenant = matcher.find() ? matcher.group(1) : null;
      try {
        audit.record(
            tenant,
            caller == null ? "anonymous" : caller.actor(),
            caller == null
                ? "none"
                : caller.roleIn(tenant).map(Role::id).orElse(caller.admin() ? "admin" : "none"),
            request.getMethod(),
            request.getRequestURI(),
            response.getStatus(),
            request.getRemoteAddr());
      } catch (RuntimeException e) {
        log.warn(
            "Could not record {} {} in the audit log: {}",
            request.getMethod(),
            request.getRequestURI(),
            e.getMessage());
      }
    }
  }
}
