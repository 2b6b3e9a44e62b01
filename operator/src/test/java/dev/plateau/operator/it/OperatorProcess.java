package dev.plateau.operator.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as users run it: its jar ({@code java -jar target/plateau-operator-<v>.jar}) in a
 * process of its own, so its heap and CPU are its own, against a {@link MockCluster} through a
 * kubeconfig. Without server-side apply (the mock has none).
 */
final class OperatorProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("plateau.operator.jar", "target/missing.jar"));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int metricsPort;
  private final Path log;

  private OperatorProcess(Process process, int metricsPort, Path log) {
    this.process = process;
    this.metricsPort = metricsPort;
    this.log = log;
  }

  /**
   * Starts the operator against {@code cluster}.
   *
   * @param env more of the operator's environment, e.g. leader election
   * @param heap the JVM's maximum heap, e.g. {@code 256m}
   * @param dir where its kubeconfig and log go
   */
  static OperatorProcess start(MockCluster cluster, Map<String, String> env, String heap, Path dir)
      throws IOException {
    return start(cluster.url(), env, heap, dir);
  }

  /** As {@link #start(MockCluster, Map, String, Path)}, against the server at {@code server}. */
  static OperatorProcess start(String server, Map<String, String> env, String heap, Path dir)
      throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the package phase builds it");
    }
    Files.createDirectories(dir);
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s"}}]
        users: [{name: bench, user: {token: bench}}]
        contexts: [{name: mock, context: {cluster: mock, user: bench, namespace: default}}]
        current-context: mock
        """
            .formatted(server));
    int metricsPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = new HashMap<>();
    environment.put("KUBECONFIG", kubeconfig.toString());
    // The mock server and a cleartext HTTP/2 upgrade do not get along (MockCluster's clients).
    environment.put("KUBERNETES_HTTP2_DISABLE", "true");
    environment.put("PLATEAU_SERVER_SIDE_APPLY", "false");
    environment.put("PLATEAU_METRICS_PORT", Integer.toString(metricsPort));
    environment.put("PLATEAU_HEALTH_PORT", Integer.toString(freePort()));
    environment.putAll(env);
    builder.environment().putAll(environment);
    Path log = dir.resolve("operator-" + System.nanoTime() + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new OperatorProcess(builder.start(), metricsPort, log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Its /metrics, or an empty string while it does not answer. */
  String scrape() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** CPU seconds (user + system) the process has used, from {@code /proc/<pid>/stat}. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime), in clock ticks of 1/100 s on Linux.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** Heap in use after a full GC ({@code jcmd <pid> GC.run}), from its own metrics, in bytes. */
  double heapAfterGc() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (int i = 0; i < 2; i++) {
      Process gc =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run")
              .redirectErrorStream(true)
              .start();
      gc.getInputStream().readAllBytes();
      gc.waitFor(60, TimeUnit.SECONDS);
      Thread.sleep(500);
    }
    double used = 0;
    Matcher m =
        Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]*\"\\} (\\S+)")
            .matcher(scrape());
    while (m.find()) {
      used += Double.parseDouble(m.group(1));
    }
    return used;
  }

  /** SIGKILL: the process ends at once, mid-whatever. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
