package io.veilnet.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.X25519PrivateKey;
import io.veilnet.engine.files.Records;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.RecordStore;
import io.veilnet.kademlia.ValueRecord;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableRecordStoreTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long NOW = 1_700_000_000_000L;
  @TempDir Path dir;

  static NodeRecord peer(int port) throws Exception {
    try (Ed25519PrivateKey id = Ed25519PrivateKey.generate(RANDOM); X25519PrivateKey st = X25519PrivateKey.generate(RANDOM)) {
      NodeRecord unsigned = new NodeRecord(id.publicKey().bytes(), st.publicKey().bytes(),
          InetAddress.getByName("127.0.0.1"), port, 0, 1, NOW, 3600, new byte[64]);
      return unsigned.withSignature(id.sign(unsigned.signedBytes()));
    }
  }

  @Test
  void valuesAndProviders_surviveARestart_andExpiredOnesDoNot() throws Exception {
    ValueRecord live;
    ValueRecord old;
    NodeRecord provider = peer(4000);
    NodeId content = NodeId.of(new byte[32]);
    try (Ed25519PrivateKey owner = Ed25519PrivateKey.generate(RANDOM)) {
      live = Records.sign(owner, new byte[] {1}, 1, NOW + 60_000, "manifest".getBytes());
      old = Records.sign(owner, new byte[] {2}, 1, NOW + 10, "old".getBytes());
    }
    try (RocksNodeStore disk = RocksNodeStore.open(dir.resolve("s"))) {
      DurableRecordStore s = DurableRecordStore.open(disk, NOW);
      assertThat(s.putValue(live)).isEqualTo(RecordStore.PutOutcome.STORED);
      assertThat(s.putValue(live)).isEqualTo(RecordStore.PutOutcome.OUTDATED);
      assertThat(s.putValue(old)).isEqualTo(RecordStore.PutOutcome.STORED);
      assertThat(s.addProvider(content, provider, NOW + 60_000)).isTrue();
      assertThat(s.providers(content, NOW, 10)).containsExactly(provider);
    }
    try (RocksNodeStore disk = RocksNodeStore.open(dir.resolve("s"))) {
      DurableRecordStore s = DurableRecordStore.open(disk, NOW + 1_000);
      assertThat(s.value(live.key(), NOW + 1_000)).contains(live);
      assertThat(s.value(old.key(), NOW + 1_000)).isEmpty();
      assertThat(s.valueCount()).isEqualTo(1);
      assertThat(s.providers(content, NOW + 1_000, 10)).containsExactly(provider);
      assertThat(s.compact(NOW + 1_000)).isEqualTo(1);
      assertThat(disk.recordKeys()).hasSize(1);
      assertThat(s.compact(NOW + 120_000)).isEqualTo(2); // the live value and the provider, now expired
      assertThat(disk.recordKeys()).isEmpty();
      assertThat(disk.allProviders()).isEmpty();
    }
  }

  @Test
  void routingSnapshot_roundTrips_andADamagedOneLoadsAsEmpty() throws Exception {
    List<NodeRecord> peers = List.of(peer(4001), peer(4002), peer(4003));
    NodeStore s = new InMemoryNodeStore();
    assertThat(RoutingSnapshot.load(s)).isEmpty();
    RoutingSnapshot.save(s, peers);
    assertThat(RoutingSnapshot.load(s)).containsExactlyElementsOf(peers);
    byte[] enc = RoutingSnapshot.encode(peers);
    assertThatThrownBy(() -> RoutingSnapshot.decode(java.util.Arrays.copyOf(enc, enc.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    s.saveRoutingTable(new byte[] {1, 2, 3});
    assertThat(RoutingSnapshot.load(s)).isEmpty();
  }
}
