package dev.paddock.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Problems of a {@link ProblemType}, and writing {@code application/problem+json} outside of Spring
 * MVC.
 */
public final class Problems {

  private Problems() {}

  public static ProblemDetail of(ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
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
