package io.veilnet.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.engine.Mode;
import io.veilnet.engine.NodeConfig;
import io.veilnet.engine.RunningNode;
import io.veilnet.engine.Veilnet;
import io.veilnet.kademlia.KademliaResources;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

class AdminEndpointIT {
  static final Duration T = Duration.ofSeconds(20);
  static KademliaResources loops;
  static RunningNode seed;
  static RunningNode node;

  @BeforeAll
  static void start() {
    loops = KademliaResources.create(1);
    seed = Veilnet.node(NodeConfig.builder().puzzleDifficulty(2).build()).resources(loops).startNow(T);
    node = Veilnet.node(NodeConfig.builder().mode(Mode.WAN).puzzleDifficulty(2).adminPort(0)
        .bootstrap(List.of(seed.record())).build()).resources(loops).startNow(T);
  }

  @AfterAll
  static void stop() {
    node.close();
    seed.close();
    loops.close();
  }

  record Reply(int status, String contentType, String body) {}

  static Reply get(String path) {
    InetSocketAddress a = node.adminAddress().orElseThrow();
    return HttpClient.create().baseUrl("http://" + a.getAddress().getHostAddress() + ":" + a.getPort())
        .get().uri(path)
        .responseSingle((res, body) -> body.asString().defaultIfEmpty("")
            .map(s -> new Reply(res.status().code(), res.responseHeaders().get("Content-Type"), s)))
        .block(T);
  }

  @Test
  void adminEndpoint_isOnLoopback_onAnEphemeralPort() {
    InetSocketAddress a = node.adminAddress().orElseThrow();
    assertThat(a.getAddress().isLoopbackAddress()).isTrue();
    assertThat(a.getPort()).isPositive();
    assertThat(seed.adminAddress()).as("off unless configured").isEmpty();
  }

  @Test
  void health_isUpWithIdModeAndRecord() {
    Reply r = get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.body()).contains("\"status\":\"UP\"", "\"id\":\"" + node.id().toHex() + "\"",
        "\"mode\":\"WAN\"", "\"dht\":true", "\"mdns\":false",
        "\"record\":\"" + io.veilnet.crypto.Bytes.toHex(node.record().encode()) + "\"");
  }

  @Test
  void peers_listTheSeedWithSourceDhtAddressAndLastSeen() {
    Reply r = get("/peers");
    assertThat(r.status()).isEqualTo(200);
    InetSocketAddress sa = seed.record().udpAddress();
    assertThat(r.body()).startsWith("[").endsWith("]")
        .contains("{\"id\":\"" + seed.id().toHex() + "\",\"addresses\":[\""
            + sa.getAddress().getHostAddress() + ":" + sa.getPort() + "\"],\"source\":\"dht\",\"last_seen\":\"");
  }

  @Test
  void metrics_arePrometheusText_withDhtLookupAndStoreMeters() {
    Reply r = get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(r.body()).contains(
        "# TYPE veilnet_kad_routing_size gauge",
        "veilnet_kad_sessions{",
        "veilnet_kad_lookup_duration_seconds_bucket{",
        "veilnet_kad_lookup_rounds_bucket{",
        "veilnet_kad_dropped{",
        "veilnet_kad_records_rejected{",
        "veilnet_rpc_seconds_bucket{",
        "veilnet_store_blobs{",
        "veilnet_kad_store_values{",
        "veilnet_peers{");
    assertThat(r.body()).containsPattern("veilnet_peers\\{node=\"[0-9a-f]{8}\",source=\"dht\"} 1\\.0");
  }

  @Test
  void unknownPath_is404() {
    assertThat(get("/nope").status()).isEqualTo(404);
  }
}
