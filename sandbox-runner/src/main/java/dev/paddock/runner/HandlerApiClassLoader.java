package dev.paddock.runner;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * The parent of a handler jar's class loader: the JDK's platform classes plus the public handler
 * API, and nothing else of the runner.
 *
 * <p>Tenant code sees the very {@code Handler}, {@code Request} and {@code Response} classes the
 * runner calls it with, but never the runner's Jetty or its own classes, so a tenant may bundle any
 * version of any library without clashing with the sandbox.
 */
final class HandlerApiClassLoader extends ClassLoader {

  static final String API_PACKAGE = "dev.paddock.handler.";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader runnerLoader;

  HandlerApiClassLoader(ClassLoader runnerLoader) {
    super("paddock-handler-api", ClassLoader.getPlatformClassLoader());
    this.runnerLoader = runnerLoader;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(API_PACKAGE)) {
      return runnerLoader.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }

  @Override
  public URL getResource(String name) {
    return isApiResource(name) ? runnerLoader.getResource(name) : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return isApiResource(name) ? runnerLoader.getResources(name) : super.getResources(name);
  }

  private static boolean isApiResource(String name) {
    return name.startsWith(API_PACKAGE.replace('.', '/'));
  }
}
