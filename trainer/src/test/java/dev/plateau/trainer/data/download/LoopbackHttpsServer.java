package dev.plateau.trainer.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS server on 127.0.0.1 with a self-signed certificate made at test time by the JDK's
 * keytool, and a client that trusts exactly that certificate. Counts requests per path.
 */
final class LoopbackHttpsServer implements AutoCloseable {

  private static final char[] PASSWORD = "loopback".toCharArray();

  private final SSLContext ssl;
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  LoopbackHttpsServer(SSLContext ssl) throws IOException {
    this.ssl = ssl;
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.setExecutor(executor);
    server.start();
  }

  /** A key pair and self-signed certificate for 127.0.0.1, in a keystore under dir. */
  static SSLContext selfSigned(Path dir) throws Exception {
    Path keystore = dir.resolve("loopback.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "loopback",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  /** Answers requests for path with handler, counting them. */
  void serve(String path, HttpHandler handler) {
    AtomicInteger count = requests.computeIfAbsent(path, p -> new AtomicInteger());
    server.createContext(
        path,
        exchange -> {
          count.incrementAndGet();
          try (exchange) {
            handler.handle(exchange);
          }
        });
  }

  /** Serves the bytes at path. */
  void serveBytes(String path, byte[] content) {
    serve(path, exchange -> send(exchange, 200, content));
  }

  static void send(HttpExchange exchange, int status, byte[] content) throws IOException {
    exchange.sendResponseHeaders(status, content.length == 0 ? -1 : content.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(content);
    }
  }

  int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  String url(String path) {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path).toString();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** A client trusting this server's certificate, following redirects like the real one. */
  HttpClient client() {
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
