package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every setting of the control plane is in the README's configuration table: each component of a
 * {@code @ConfigurationProperties} record has a row that names its prefix and its key.
 */
class ConfigurationDocsTest {

  @Test
  void everySettingHasARowInTheReadme() throws IOException, ClassNotFoundException {
    List<String> rows =
        Files.readAllLines(Path.of("..", "README.md")).stream()
            .filter(line -> line.startsWith("| `paddock"))
            .toList();
    List<String> missing = new ArrayList<>();
    for (Class<?> type : propertiesRecords()) {
      String prefix = type.getAnnotation(ConfigurationProperties.class).value();
      for (RecordComponent component : type.getRecordComponents()) {
        String key = kebab(component.getName());
        if (rows.stream().noneMatch(row -> documents(row, prefix, key))) {
          missing.add(prefix + "." + key);
        }
      }
    }
    assertThat(missing).as("settings without a row in the README's table").isEmpty();
  }

  /** A row documents {@code prefix.key} in full, or as {@code .key} or {@code key:} beside it. */
  private static boolean documents(String row, String prefix, String key) {
    String name = row.substring(0, row.indexOf('|', 1));
    return name.contains("`" + prefix + "." + key + "`")
        || name.contains("`" + prefix + "." + key + ".")
        || (name.contains("`" + prefix + ".") && name.contains("`." + key + "`"))
        || (name.contains("`" + prefix + ".*`") && row.contains(key + ":"));
  }

  private static List<Class<?>> propertiesRecords() throws ClassNotFoundException {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    List<Class<?>> records = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("dev.paddock")) {
      Class<?> type = Class.forName(candidate.getBeanClassName());
      if (type.isRecord()) {
        records.add(type);
      }
    }
    assertThat(records).hasSizeGreaterThan(20);
    return records;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
