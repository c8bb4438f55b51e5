package dev.paddock.auth;

import dev.paddock.web.ProblemType;
import dev.paddock.web.Problems;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens for scripts, sessions with CSRF protection for the dashboard; every refusal is
 * problem+json.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  /**
   * No observation of each filter of the chains, of each authentication or of each authorization: a
   * dozen observations a request took 15 % of an API read's CPU (docs/benchmarks/api-reads.md).
   * Each request's own observation ({@code http.server.requests}: its time, status and route)
   * stays.
   */
  @Bean
  SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * The dashboard's files: open to all (it signs in through the API), but only ever from this
   * origin, never in a frame, and with a policy that lets no other script run.
   */
  @Bean
  @Order(2)
  SecurityFilterChain dashboard(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp ->
                        csp.policyDirectives(
                            "default-src 'self'; img-src 'self' data:; object-src 'none';"
                                + " base-uri 'none'; frame-ancestors 'none'; form-action 'self'")))
        .build();
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(
      HttpSecurity http, TokenAuthentication tokens, CallerLookup users, JsonMapper json)
      throws Exception {
    ProblemDetail unauthenticated =
        Problems.of(
            ProblemType.UNAUTHORIZED, "Send a valid token as 'Authorization: Bearer <token>'.");
    ProblemDetail denied =
        Problems.of(ProblemType.FORBIDDEN, "This token may not perform this action.");
    AuthenticationEntryPoint unauthorized =
        (request, response, e) -> Problems.write(response, unauthenticated, json);
    ProblemDetail noCsrfToken =
        Problems.of(
            ProblemType.CSRF,
            "A change made with a session must send the session's CSRF token (the X-XSRF-TOKEN"
                + " header of the control plane's answers) in an X-XSRF-TOKEN header.");
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            Problems.write(response, e instanceof CsrfException ? noCsrfToken : denied, json);
    AuthenticationFilter bearer = new AuthenticationFilter(tokens, tokens);
    // The audit log reads who called once the whole chain is done and the context is gone.
    bearer.setSuccessHandler(
        (request, response, authentication) ->
            request.setAttribute(Caller.ATTRIBUTE, authentication.getPrincipal()));
    bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
    return http.securityMatcher("/api/**", "/actuator/prometheus")
        // Only a session is a cookie a browser sends by itself: a change made with one must carry
        // the session's CSRF token back in an X-XSRF-TOKEN header. A sign-in has no session yet:
        // SameOrigin, which sees every change, keeps other sites' pages from signing a browser in.
        .csrf(
            csrf ->
                csrf.csrfTokenRepository(new HttpSessionCsrfTokenRepository())
                    .csrfTokenRequestHandler(new SessionCsrf())
                    .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy())
                    .requireCsrfProtectionMatcher(
                        request ->
                            !SAFE.contains(request.getMethod())
                                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                                && request.getSession(false) != null))
        .addFilterBefore(new SameOrigin(json), CsrfFilter.class)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        // Callers are resolved afresh on every request, from a token or from the user id a sign-in
        // put
        // in the session; Spring Security keeps nothing in it and never rotates it (a sign-in
        // starts a new session itself).
        .sessionManagement(
            s ->
                s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                    .sessionFixation(f -> f.none()))
        .addFilterAt(bearer, BasicAuthenticationFilter.class)
        .addFilterAfter(
            new SessionAuthentication(users, unauthorized), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(
            authorize ->
                authorize
                    .requestMatchers("/api/v1/session")
                    .permitAll()
                    .requestMatchers("/api/v1/users", "/api/v1/users/**")
                    .hasRole(Role.ADMIN.name())
                    .requestMatchers(HttpMethod.POST, "/api/v1/tenants")
                    .hasRole(Role.ADMIN.name())
                    .requestMatchers("/api/v1/audit")
                    .hasRole(Role.ADMIN.name())
                    // The platform's own health and events: no tenant's business.
                    .requestMatchers("/api/v1/platform", "/api/v1/platform/**")
                    .hasRole(Role.ADMIN.name())
                    .requestMatchers(HttpMethod.PUT, "/api/v1/tenants/*/quota")
                    .hasRole(Role.ADMIN.name())
                    // Tenants read their egress policy; only the platform widens or narrows it.
                    .requestMatchers(HttpMethod.PUT, "/api/v1/tenants/*/egress")
                    .hasRole(Role.ADMIN.name())
                    // Tenants read their apps' default idle time; the platform sets it.
                    .requestMatchers(HttpMethod.PUT, "/api/v1/tenants/*/idle")
                    .hasRole(Role.ADMIN.name())
                    // Every tenant's figures, tagged by name: for the platform's own monitoring.
                    .requestMatchers("/actuator/prometheus")
                    .hasRole(Role.ADMIN.name())
                    .anyRequest()
                    .authenticated())
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
        .build();
  }
}
