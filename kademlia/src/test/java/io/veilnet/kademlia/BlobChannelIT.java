package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.kademlia.internal.BlobChannel;
import io.veilnet.kademlia.internal.DefaultKademliaNode;
import io.veilnet.kademlia.testing.TestRecords;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** storeBlob/fetchBlob over the encrypted TCP channel between two loopback nodes. */
class BlobChannelIT {
  static final Duration T = Duration.ofSeconds(30);
  KademliaResources resources;
  KademliaNode a;
  KademliaNode b;
  InMemoryBlobStore bStore = new InMemoryBlobStore();

  @BeforeEach
  void start() throws Exception {
    resources = KademliaResources.create(2);
    KademliaConfig c = KademliaConfig.builder().puzzleDifficulty(0).build();
    a = KademliaNode.start(TestRecords.identity(21),
        c.toBuilder().bindAddress(InetAddress.getByName("127.0.2.1")).build(), resources).block(T);
    b = KademliaNode.start(TestRecords.identity(22),
        c.toBuilder().bindAddress(InetAddress.getByName("127.0.2.2")).build(), resources,
        new InMemoryRecordStore(), bStore).block(T);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    resources.close();
  }

  static byte[] blob(int size, long seed) {
    byte[] x = new byte[size];
    new Random(seed).nextBytes(x);
    return x;
  }

  @Test
  void storeThenFetch_roundTripsAndIsVerified() {
    byte[] data = blob(1_000_000, 1);
    assertThat(b.record().tcpPort()).isPositive();
    NodeId id = a.storeBlob(b.record(), data).block(T);
    assertThat(id).isEqualTo(BlobChannel.idOf(data));
    assertThat(bStore.has(id)).isTrue();
    assertThat(a.fetchBlob(b.record(), id).block(T)).isEqualTo(data);
  }

  @Test
  void droppedConnections_resumeWhereTheyStopped() {
    byte[] data = blob(2_000_000, 2); // 62 chunks of 32 KiB
    BlobChannel ch = ((DefaultKademliaNode) a).blobChannel();
    ch.dropFirstAttemptAfter(10);
    NodeId id = a.storeBlob(b.record(), data).block(T);
    assertThat(bStore.get(id)).hasValueSatisfying(v -> assertThat(v).isEqualTo(data));
    // two connections; the retry resumed at the server's offset (a restart would have cost
    // the 10 dropped-attempt chunks on top of the whole blob)
    assertThat(ch.connections()).isEqualTo(2);
    assertThat(ch.bytesSent()).isGreaterThanOrEqualTo(data.length)
        .isLessThan(data.length + 10L * BlobChannel.CHUNK);
    long before = ch.bytesReceived();
    assertThat(a.fetchBlob(b.record(), id).block(T)).isEqualTo(data);
    assertThat(ch.connections()).isEqualTo(4);
    assertThat(ch.bytesReceived() - before).isGreaterThanOrEqualTo(data.length)
        .isLessThan(data.length + 10L * BlobChannel.CHUNK);
  }

  @Test
  void unknownBlob_failsCleanly() {
    assertThatThrownBy(() -> a.fetchBlob(b.record(), NodeId.random(new Random(3))).block(T))
        .hasMessageContaining("not found");
  }
}
