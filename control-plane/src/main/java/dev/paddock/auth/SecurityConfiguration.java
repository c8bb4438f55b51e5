package dev.paddock.auth;

import dev.paddock.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/** Bearer tokens on the API; every refusal is problem+json. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, TokenAuthentication tokens, JsonMapper json)
      throws Exception {
    ProblemDetail unauthenticated =
        Problems.of(
            HttpStatus.UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "Send a valid token as 'Authorization: Bearer <token>'.");
    ProblemDetail denied =
        Problems.of(
            HttpStatus.FORBIDDEN,
            "forbidden",
            "Forbidden",
            "This token may not perform this action.");
    AuthenticationEntryPoint unauthorized =
        (request, response, e) -> Problems.write(response, unauthenticated, json);
    AccessDeniedHandler forbidden =
        (request, response, e) -> Problems.write(response, denied, json);
    AuthenticationFilter bearer = new AuthenticationFilter(tokens, tokens);
    // The audit log reads who called once the whole chain is done and the context is gone.
    bearer.setSuccessHandler(
        (request, response, authentication) ->
            request.setAttribute(Caller.ATTRIBUTE, authentication.getPrincipal()));
    bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
    return http.securityMatcher("/api/**", "/actuator/prometheus")
        .csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterAt(bearer, BasicAuthenticationFilter.class)
        .authorizeHttpRequests(
            authorize ->
                authorize
                    .requestMatchers(HttpMethod.POST, "/api/v1/tenants")
                    .hasRole(Role.ADMIN.name())
                    .requestMatchers("/api/v1/audit")
                    .hasRole(Role.ADMIN.name())
                    .requestMatchers(HttpMethod.PUT, "/api/v1/tenants/*/quota")
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
