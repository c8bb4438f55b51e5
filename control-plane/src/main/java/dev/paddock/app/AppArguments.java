package dev.paddock.app;

import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenant;
import dev.paddock.tenant.Tenants;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The tenant boundary of every endpoint under {@code /tenants/{tenant}/apps/{app}}, in one place:
 * an endpoint declares an {@link App} argument and gets the app its path names, if the caller may
 * see its tenant. Otherwise 404, exactly as if neither existed; {@link Writable} adds 403 for a
 * viewer.
 */
@Configuration
class AppArguments implements WebMvcConfigurer, HandlerMethodArgumentResolver {

  private final Tenants tenants;
  private final Apps apps;

  AppArguments(Tenants tenants, Apps apps) {
    this.tenants = tenants;
    this.apps = apps;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == App.class;
  }

  @Override
  public App resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer container,
      NativeWebRequest request,
      WebDataBinderFactory binders) {
    @SuppressWarnings("unchecked")
    Map<String, String> path =
        (Map<String, String>)
            request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    Caller caller = (Caller) SecurityContextHolder.getContext().getAuthentication().getPrincipal();
    Tenant tenant = tenants.visibleTo(caller, DnsLabel.valueOf(path.get("tenant")));
    DnsLabel name = DnsLabel.valueOf(path.get("app"));
    return parameter.hasParameterAnnotation(Writable.class)
        ? apps.writableBy(caller, tenant, name)
        : apps.get(tenant, name);
  }
}
