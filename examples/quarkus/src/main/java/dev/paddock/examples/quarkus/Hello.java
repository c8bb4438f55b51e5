package dev.paddock.examples.quarkus;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A Quarkus app as tenants build them: {@code GET /} from a Quarkus REST resource, with SmallRye
 * Health's readiness at {@code /q/health/ready}. Quarkus writes its own {@code main}.
 */
@Path("/")
public class Hello {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String hello() {
    return "Hello from Quarkus\n";
  }
}
