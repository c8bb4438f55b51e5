package dev.paddock.sandbox.kubernetes;

import dev.paddock.Installation;
import dev.paddock.sandbox.ArtifactSource;
import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.TenantBudget;
import dev.paddock.sandbox.TenantEgress;
import dev.paddock.sandbox.Upstreams;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Kubernetes driver when {@code paddock.sandbox.driver=kubernetes}: a client configured
 * the standard way (in a pod, its service account; elsewhere {@code KUBECONFIG} or {@code
 * ~/.kube/config}), and the server that hands release jars to sandboxes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "paddock.sandbox.driver", havingValue = "kubernetes")
class KubernetesConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KubernetesConfiguration.class);

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    KubernetesClient client = new KubernetesClientBuilder().build();
    log.info("Kubernetes API at {}", client.getConfiguration().getMasterUrl());
    return client;
  }

  @Bean
  ArtifactLinks artifactLinks(KubernetesProperties k8s, Installation installation) {
    return ArtifactLinks.from(k8s.artifactKey(), installation.dir("artifact-key"));
  }

  @Bean
  ArtifactServer artifactServer(
      KubernetesProperties k8s, ArtifactLinks links, ArtifactSource artifacts) {
    return new ArtifactServer(k8s.artifactPort(), links, artifacts::local);
  }

  /** The edge proxies to each app's Service; Kubernetes balances its pods. */
  @Bean
  Upstreams serviceUpstreams(KubernetesProperties k8s) {
    return new ServiceUpstreams(k8s.namespacePrefix());
  }

  /** Tenants' namespaces, and where a tenant's changed egress policy is applied. */
  @Bean
  TenantNamespaces tenantNamespaces(
      KubernetesClient client,
      Installation installation,
      SandboxProperties sandbox,
      KubernetesProperties k8s,
      EgressPolicy egress,
      EgressFloor floor,
      TenantEgress.Source tenants,
      TenantBudget.Source budgets) {
    return new TenantNamespaces(
        client, installation.name(), k8s, sandbox, egress, budgets, tenants, floor);
  }

  /** One driver answers every role: its readings come from the pods its watch keeps. */
  @Bean(destroyMethod = "close")
  KubernetesSandboxDriver kubernetesSandboxDriver(
      KubernetesClient client,
      Installation installation,
      SandboxProperties sandbox,
      KubernetesProperties k8s,
      ArtifactLinks links,
      TenantNamespaces namespaces) {
    return new KubernetesSandboxDriver(
        client, installation.name(), sandbox, k8s, links, namespaces);
  }
}
