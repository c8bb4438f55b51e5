package dev.paddock.install;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The objects a release of the chart consists of, rendered by the embedded Helm. */
record Manifests(List<JsonNode> objects) {

  static final Path CHART = Path.of("paddock");
  static final String RELEASE = "demo";
  static final String NAMESPACE = "paddock-system";
  static final String FULLNAME = RELEASE + "-paddock";

  private static final YAMLMapper YAML = new YAMLMapper();

  /** Renders the chart as {@code helm template} would, each value given as with {@code --set}. */
  static Manifests render(Map<String, Object> values) {
    return render(NAMESPACE, values);
  }

  static Manifests render(String namespace, Map<String, Object> values) {
    TemplateCommand template =
        new Helm(CHART).template().withName(RELEASE).withNamespace(namespace);
    values.forEach(template::set);
    return parse(template.call());
  }

  /** What {@code helm install} prints, NOTES.txt included, from a client-side dry run. */
  static String notes(Map<String, Object> values) {
    InstallCommand install =
        new Helm(CHART)
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly();
    values.forEach(install::set);
    return install.call().getOutput();
  }

  private static Manifests parse(String yaml) {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      // A template that renders nothing leaves an empty document behind.
      return new Manifests(documents.readAll().stream().filter(JsonNode::isObject).toList());
    }
  }

  static YAMLMapper yaml() {
    return YAML;
  }

  List<JsonNode> all(String kind) {
    return objects.stream().filter(o -> o.path("kind").asString().equals(kind)).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return all(kind).stream().filter(o -> o.at("/metadata/name").asString().equals(name)).findAny();
  }

  JsonNode one(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + kinds()));
  }

  JsonNode deployment() {
    return one("Deployment", FULLNAME);
  }

  JsonNode podSpec() {
    return deployment().at("/spec/template/spec");
  }

  JsonNode container(String name) {
    return podSpec()
        .path("containers")
        .valueStream()
        .filter(c -> c.path("name").asString().equals(name))
        .findAny()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  /** A container's environment variable: its value, or where it comes from. */
  static JsonNode env(JsonNode container, String name) {
    return container
        .path("env")
        .valueStream()
        .filter(e -> e.path("name").asString().equals(name))
        .findAny()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  /** A Secret's entry, decoded. */
  static String secretValue(JsonNode secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.at("/data/" + key).asString()), StandardCharsets.UTF_8);
  }

  private List<String> kinds() {
    return objects.stream()
        .map(o -> o.path("kind").asString() + "/" + o.at("/metadata/name").asString())
        .toList();
  }
}
