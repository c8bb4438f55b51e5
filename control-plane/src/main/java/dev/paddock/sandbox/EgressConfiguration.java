package dev.paddock.sandbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The egress floor, from where the control plane's own database and Docker engine are. */
@Configuration(proxyBeanMethods = false)
class EgressConfiguration {

  @Bean
  EgressFloor egressFloor(EgressPolicy policy, Environment environment) {
    return EgressFloor.of(
        policy,
        environment.getProperty("spring.datasource.url", ""),
        environment.getProperty("DOCKER_HOST", ""));
  }
}
