package dev.paddock.auth;

import dev.paddock.web.ProblemType;
import dev.paddock.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a change that a browser sends for another site's page: by the browser's own {@code
 * Sec-Fetch-Site}, or where it sends none, by {@code Origin}. A tenant's app on a sibling host name
 * is another origin, so a page it serves cannot sign a user in or act with their session. Calls
 * with a bearer token are scripts, never a browser's ambient credentials, and pass.
 */
final class SameOrigin extends OncePerRequestFilter {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final Set<String> OWN = Set.of("same-origin", "none");

  private final ProblemDetail refused =
      Problems.of(
          ProblemType.CROSS_SITE,
          "A change made with a browser session must come from the dashboard's own origin.");
  private final JsonMapper json;

  SameOrigin(JsonMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (SAFE.contains(request.getMethod())
        || request.getHeader(HttpHeaders.AUTHORIZATION) != null
        || fromOwnOrigin(request)) {
      chain.doFilter(request, response);
    } else {
      Problems.write(response, refused, json);
    }
  }

  private static boolean fromOwnOrigin(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return OWN.contains(site);
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    return origin == null || origin.equals(ownOrigin(request));
  }

  private static String ownOrigin(HttpServletRequest request) {
    int port = request.getServerPort();
    boolean standard =
        ("http".equals(request.getScheme()) && port == 80)
            || ("https".equals(request.getScheme()) && port == 443);
    return request.getScheme() + "://" + request.getServerName() + (standard ? "" : ":" + port);
  }
}
