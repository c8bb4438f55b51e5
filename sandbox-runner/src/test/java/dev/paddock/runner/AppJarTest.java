package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppJarTest {

  @TempDir Path dir;

  @Test
  void paddockHandlerAttributeMakesAHandlerJar() throws IOException {
    Path jar = TestJars.write(dir.resolve("h.jar"), Map.of("Paddock-Handler", "com.acme.Hello"));

    assertEquals(new AppJar.HandlerJar(jar, "com.acme.Hello"), AppJar.inspect(jar));
  }

  @Test
  void mainClassAttributeMakesARunnableJar() throws IOException {
    Path jar = TestJars.write(dir.resolve("r.jar"), Map.of("Main-Class", "com.acme.Main"));

    assertEquals(new AppJar.RunnableJar(jar), AppJar.inspect(jar));
  }

  @Test
  void handlerWinsWhenBothAttributesArePresent() throws IOException {
    Path jar =
        TestJars.write(
            dir.resolve("b.jar"),
            Map.of("Paddock-Handler", "com.acme.Hello", "Main-Class", "com.acme.Main"));

    assertEquals(new AppJar.HandlerJar(jar, "com.acme.Hello"), AppJar.inspect(jar));
  }

  @Test
  void jarNamingNeitherIsNotLaunchable() throws IOException {
    Path jar = TestJars.write(dir.resolve("n.jar"), Map.of());

    var error = assertThrows(AppJar.NotLaunchableException.class, () -> AppJar.inspect(jar));
    assertTrue(error.getMessage().contains("Paddock-Handler"), error.getMessage());
  }

  @Test
  void missingOrCorruptJarIsNotLaunchable() throws IOException {
    Path corrupt = Files.writeString(dir.resolve("c.jar"), "not a zip");

    assertThrows(AppJar.NotLaunchableException.class, () -> AppJar.inspect(corrupt));
    assertThrows(
        AppJar.NotLaunchableException.class, () -> AppJar.inspect(dir.resolve("missing.jar")));
  }
}
