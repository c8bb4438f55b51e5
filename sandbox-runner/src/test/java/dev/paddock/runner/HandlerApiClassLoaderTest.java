package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.paddock.handler.Handler;
import dev.paddock.handler.Request;
import org.junit.jupiter.api.Test;

class HandlerApiClassLoaderTest {

  private final HandlerApiClassLoader loader =
      new HandlerApiClassLoader(HandlerApiClassLoaderTest.class.getClassLoader());

  @Test
  void handlerApiIsTheRunnersOwnClass() throws ClassNotFoundException {
    assertSame(Handler.class, loader.loadClass("dev.paddock.handler.Handler"));
    assertSame(Request.class, loader.loadClass("dev.paddock.handler.Request"));
  }

  @Test
  void jdkPlatformClassesAreVisible() throws ClassNotFoundException {
    assertSame(String.class, loader.loadClass("java.lang.String"));
    assertNotNull(loader.loadClass("java.sql.Connection"));
    assertNotNull(loader.loadClass("com.sun.net.httpserver.HttpServer"));
  }

  @Test
  void runnerAndItsLibrariesAreHidden() {
    assertThrows(
        ClassNotFoundException.class, () -> loader.loadClass("org.eclipse.jetty.server.Server"));
    assertThrows(
        ClassNotFoundException.class, () -> loader.loadClass("dev.paddock.runner.SandboxRunner"));
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.slf4j.Logger"));
  }

  @Test
  void onlyHandlerApiResourcesAreVisible() {
    assertNotNull(loader.getResource("dev/paddock/handler/Handler.class"));
    assertNull(loader.getResource("dev/paddock/runner/SandboxRunner.class"));
    assertNull(loader.getResource("jetty-logging.properties"));
  }
}
