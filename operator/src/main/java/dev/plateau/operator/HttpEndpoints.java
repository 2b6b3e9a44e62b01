package dev.plateau.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's HTTP side: Prometheus {@code /metrics} on one port, {@code /healthz} (liveness)
 * and {@code /readyz} (readiness) on another, so a NetworkPolicy can open them separately. Served
 * by the JDK's own HTTP server: three read-only endpoints need no framework.
 */
public final class HttpEndpoints implements AutoCloseable {

  private final HttpServer metrics;
  private final HttpServer health;

  private HttpEndpoints(HttpServer metrics, HttpServer health) {
    this.metrics = metrics;
    this.health = health;
  }

  /**
   * Starts both servers.
   *
   * @param live false once the operator has started and an informer has stopped working
   * @param ready true once the operator has started (its caches are synced)
   */
  public static HttpEndpoints start(
      int metricsPort,
      int healthPort,
      Supplier<String> scrape,
      BooleanSupplier live,
      BooleanSupplier ready) {
    HttpServer metrics = server(metricsPort);
    metrics.createContext(
        "/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4", scrape.get()));
    HttpServer health = server(healthPort);
    health.createContext("/healthz", exchange -> probe(exchange, live.getAsBoolean()));
    health.createContext("/readyz", exchange -> probe(exchange, ready.getAsBoolean()));
    metrics.start();
    health.start();
    return new HttpEndpoints(metrics, health);
  }

  /** Endpoints for a running operator. */
  public static HttpEndpoints start(
      OperatorSettings settings, PrometheusMeterRegistry registry, RuntimeInfo runtime) {
    return start(
        settings.metricsPort(),
        settings.healthPort(),
        registry::scrape,
        () -> !runtime.isStarted() || runtime.allEventSourcesAreHealthy(),
        runtime::isStarted);
  }

  public int metricsPort() {
    return metrics.getAddress().getPort();
  }

  public int healthPort() {
    return health.getAddress().getPort();
  }

  @Override
  public void close() {
    metrics.stop(0);
    health.stop(0);
  }

  private static HttpServer server(int port) {
    try {
      return HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  private static void probe(HttpExchange exchange, boolean ok) throws IOException {
    respond(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ok\n");
  }

  private static void respond(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
