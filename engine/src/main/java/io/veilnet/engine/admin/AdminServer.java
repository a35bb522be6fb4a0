package io.veilnet.engine.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.veilnet.engine.RunningNode;
import io.veilnet.engine.internal.Json;
import io.veilnet.engine.node.PeerInfo;
import io.veilnet.kademlia.NodeRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The node's admin endpoint (reactor-netty HTTP, loopback unless configured otherwise), read-only:
 *
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"UP", "id", "mode", "dht", "mdns", "peers",
 *       "record"}} (503 with status DOWN once the node is stopping);
 *   <li>{@code GET /peers}: a JSON array of {@code {"id", "addresses", "source": "mdns"|"dht",
 *       "last_seen"}};
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * Handlers only read snapshots, so they never block the event loop.
 */
public final class AdminServer {
  static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private AdminServer() {}

  /** Binds the endpoint for {@code node}; dispose the returned server to stop it. */
  public static Mono<DisposableServer> bind(RunningNode node, InetAddress host, int port) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(host, "host");
    return HttpServer.create()
        .bindAddress(() -> new InetSocketAddress(host, port))
        .route(r -> r
            .get("/health", (req, res) -> json(res, node.isDisposed() ? HttpResponseStatus.SERVICE_UNAVAILABLE
                : HttpResponseStatus.OK, health(node)))
            .get("/peers", (req, res) -> json(res, HttpResponseStatus.OK, peers(node)))
            .get("/metrics", (req, res) -> res.header("Content-Type", PROMETHEUS_TYPE)
                .sendString(Mono.fromSupplier(node::scrapeMetrics))))
        .bind()
        .map(s -> (DisposableServer) s);
  }

  private static Mono<Void> json(HttpServerResponse res, HttpResponseStatus status, String body) {
    return res.status(status).header("Content-Type", "application/json")
        .sendString(Mono.just(body)).then();
  }

  static String health(RunningNode node) {
    NodeRecord r = node.record();
    return "{\"status\":" + Json.str(node.isDisposed() ? "DOWN" : "UP")
        + ",\"id\":" + Json.str(node.id().toHex())
        + ",\"mode\":" + Json.str(node.mode().name())
        + ",\"dht\":" + node.dht().isPresent()
        + ",\"mdns\":" + node.localDiscovery().isPresent()
        + ",\"peers\":" + node.peers().size()
        + ",\"record\":" + (r == null ? "null" : Json.str(io.veilnet.crypto.Bytes.toHex(r.encode())))
        + "}";
  }

  static String peers(RunningNode node) {
    return node.peers().stream().map(AdminServer::peer).collect(Collectors.joining(",", "[", "]"));
  }

  private static String peer(PeerInfo p) {
    String addrs = p.addresses().stream()
        .map(a -> Json.str(a.getAddress().getHostAddress() + ":" + a.getPort()))
        .collect(Collectors.joining(",", "[", "]"));
    return "{\"id\":" + Json.str(p.id().toHex()) + ",\"addresses\":" + addrs
        + ",\"source\":" + Json.str(p.source().name().toLowerCase(Locale.ROOT))
        + ",\"last_seen\":" + Json.str(p.lastSeen().toString()) + "}";
  }
}
