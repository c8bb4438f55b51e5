package dev.paddock.runner;

import dev.paddock.handler.Request;
import dev.paddock.handler.Response;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;

/** Adapts a tenant's {@link dev.paddock.handler.Handler} to Jetty's core handler API. */
final class TenantHandler extends Handler.Abstract {

  private static final String HANDLER_API = dev.paddock.handler.Handler.class.getName();
  private static final int STREAM_BUFFER = 8 * 1024;
  private static final Response TIMED_OUT = Response.text(504, "Gateway Timeout\n");

  private final dev.paddock.handler.Handler handler;
  private final ClassLoader tenantLoader;
  private final Watchdog watchdog;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Set<StreamedBody> streams = ConcurrentHashMap.newKeySet();
  private volatile long lastFinished = System.nanoTime();
  private volatile boolean draining;

  TenantHandler(dev.paddock.handler.Handler handler, ClassLoader tenantLoader, Watchdog watchdog) {
    this.handler = handler;
    this.tenantLoader = tenantLoader;
    this.watchdog = watchdog;
  }

  @Override
  public boolean handle(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Callback callback)
      throws Exception {
    requests.incrementAndGet();
    inFlight.incrementAndGet();
    Callback finished = Callback.from(callback, this::finished);
    // Jetty marks a request failed when its connection idles out, and cuts the idle timeout to a
    // second while draining; a slow handler is bounded by the drain and proxy timeouts instead.
    request.addIdleTimeoutListener(timeout -> false);
    AtomicBoolean answered = new AtomicBoolean();
    Watchdog.Watched watched =
        watchdog.watch(
            request.getMethod() + " " + request.getHttpURI().getPath(),
            answered,
            () -> send(response, TIMED_OUT, true, finished));
    Response answer;
    try {
      answer = answer(toApi(request));
    } finally {
      watchdog.done(watched);
    }
    if (answered.compareAndSet(false, true)) {
      // The web server stops reusing a draining sandbox's connection: it reconnects, to the new
      // one.
      if (answer.writer() == null) {
        send(response, answer, draining, finished);
      } else {
        stream(request, response, answer, finished);
      }
    }
    return true;
  }

  /**
   * Sends the head, then lets the handler write the body on this thread; the body counts as in
   * flight until it ends, and the sandbox's drain may end it first ({@link #endStreams}).
   */
  private void stream(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Response answer,
      Callback done) {
    response.setStatus(answer.status());
    answer.headers().forEach(response.getHeaders()::put);
    response.getHeaders().remove(HttpHeader.CONTENT_LENGTH);
    if (draining) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    StreamedBody body = new StreamedBody(response);
    streams.add(body);
    Throwable failure = null;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(tenantLoader);
    try (OutputStream out = new BufferedOutputStream(body, STREAM_BUFFER)) {
      answer.writer().writeTo(out);
    } catch (Exception | LinkageError | StackOverflowError e) {
      failure = e;
    } finally {
      thread.setContextClassLoader(previous);
      streams.remove(body);
    }
    if (failure != null && !body.ended()) {
      // Cut short, not ended with a last chunk: the client must not take it for the whole body.
      Log.error(
          "handler failed streaming " + request.getMethod() + " " + request.getHttpURI().getPath(),
          failure);
      body.fail(failure, done);
      return;
    }
    body.finish(done);
  }

  private static void send(
      org.eclipse.jetty.server.Response response, Response answer, boolean close, Callback done) {
    response.setStatus(answer.status());
    answer.headers().forEach(response.getHeaders()::put);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    if (close) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    try {
      response.write(true, ByteBuffer.wrap(answer.body()), done);
    } catch (RuntimeException e) {
      done.failed(e);
    }
  }

  private void finished() {
    lastFinished = System.nanoTime();
    inFlight.decrementAndGet();
  }

  /** From now on every response closes its connection. */
  void startDraining() {
    draining = true;
  }

  /** Ends every streamed body still being written with its last chunk: the drain is over. */
  void endStreams() {
    streams.forEach(StreamedBody::end);
  }

  /** Whether no request runs and none has finished for {@code quiet}. */
  boolean quietFor(Duration quiet) {
    return inFlight.get() == 0 && System.nanoTime() - lastFinished >= quiet.toNanos();
  }

  private Response answer(Request request) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(tenantLoader);
    try {
      return Objects.requireNonNull(handler.handle(request), "the handler returned no response");
    } catch (Exception | LinkageError | StackOverflowError e) {
      Log.error("handler failed on " + request.method() + " " + request.path(), e);
      return Response.text(500, "Internal Server Error\n");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Request toApi(org.eclipse.jetty.server.Request request) throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
    }
    headers.replaceAll((name, values) -> List.copyOf(values));
    byte[] body = Content.Source.asInputStream(request).readAllBytes();
    return new Request(
        request.getMethod(),
        request.getHttpURI().getDecodedPath(),
        request.getHttpURI().getQuery(),
        headers,
        body);
  }

  /**
   * Loads and instantiates the jar's handler class, seeing only the JDK and the handler API.
   *
   * @throws AppJar.NotLaunchableException if the class is missing or is not a handler
   */
  static TenantHandler load(AppJar.HandlerJar jar, Watchdog watchdog) throws Exception {
    URL[] classpath = {jar.path().toUri().toURL()};
    ClassLoader parent = new HandlerApiClassLoader(TenantHandler.class.getClassLoader());
    ClassLoader loader = new URLClassLoader("app", classpath, parent);
    Class<?> type;
    try {
      type = Class.forName(jar.handlerClass(), false, loader);
    } catch (ClassNotFoundException e) {
      throw new AppJar.NotLaunchableException(
          "Paddock-Handler class " + jar.handlerClass() + " is not in " + jar.path());
    }
    if (!dev.paddock.handler.Handler.class.isAssignableFrom(type)) {
      throw new AppJar.NotLaunchableException(
          "Paddock-Handler class " + type.getName() + " does not implement " + HANDLER_API);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Object handler = type.getConstructor().newInstance();
      return new TenantHandler((dev.paddock.handler.Handler) handler, loader, watchdog);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new AppJar.NotLaunchableException(
          "Paddock-Handler class " + type.getName() + " needs a public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the handler's constructor failed", e.getCause());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  long requests() {
    return requests.get();
  }

  /** Closes an {@link AutoCloseable} handler once no request uses it any more. */
  void close() {
    watchdog.close();
    if (handler instanceof AutoCloseable closeable) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(tenantLoader);
      try {
        closeable.close();
      } catch (Exception e) {
        Log.error("closing the handler failed", e);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }
}
