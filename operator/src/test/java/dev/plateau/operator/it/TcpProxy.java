package dev.plateau.operator.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of the mock API server, so a test can cut every connection an
 * operator holds (its watches included) at once, as a network blip or an API server restart does.
 */
final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

  private TcpProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  static TcpProxy start(int targetPort) throws IOException {
    TcpProxy proxy =
        new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    Thread accept = new Thread(proxy::accept, "tcp-proxy-accept");
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  /** The address to give clients instead of the server's. */
  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/";
  }

  /** Closes every connection through the proxy; new ones are accepted as before. */
  void dropAll() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    sockets.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // closed, or the server refused: the client sees its connection fail
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread copy =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "tcp-proxy-pipe");
    copy.setDaemon(true);
    copy.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropAll();
  }
}
