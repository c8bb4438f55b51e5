package dev.paddock.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Problem types and writing {@code application/problem+json} outside of Spring MVC. */
public final class Problems {

  private static final String BASE = "https://paddock.dev/problems/";

  private Problems() {}

  public static URI type(String slug) {
    return URI.create(BASE + slug);
  }

  public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(slug));
    problem.setTitle(title);
    return problem;
  }

  /** Writes a problem from a servlet filter, where no message converter is in reach. */
  public static void write(HttpServletResponse response, ProblemDetail problem, JsonMapper json)
      throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
