package io.veilnet.engine.files;

import static io.veilnet.engine.files.TestCluster.SMALL_SEGMENTS;
import static io.veilnet.engine.files.TestCluster.chunks;
import static io.veilnet.engine.files.TestCluster.join;
import static io.veilnet.engine.files.TestCluster.randomBytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.KeyService;
import io.veilnet.crypto.SecretShare;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.files.internal.Manifest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileServiceTest {
  private static final Duration T = Duration.ofSeconds(60);
  private static final FileServiceConfig SMALL = FileServiceConfig.builder().ces(SMALL_SEGMENTS).build();

  private TestCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private byte[] roundTrip(byte[] data, int putter, int getter) {
    FileRef ref = cluster.services.get(putter).put(chunks(data, 10_000)).block(T);
    assertThat(ref.size()).isEqualTo(data.length);
    return join(cluster.services.get(getter).get(ref.id()).collectList().block(T));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 300_000})
  void putThenGetFromAnotherNode_isByteIdentical(int size) {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(size, size);
    assertThat(roundTrip(data, 0, 7)).isEqualTo(data);
  }

  @Test
  void exactlyNNodes_eachShardOfASegmentLandsOnItsOwnNode() {
    // 4-of-6 on six nodes leaves no spare: placement must not claim nodes it only prefetched
    // (which happens when stores complete asynchronously, as on a real network).
    cluster = new TestCluster(6, SMALL, i -> new io.veilnet.engine.store.InMemoryNodeStore(), 7L,
        reactor.core.scheduler.Schedulers.parallel());
    byte[] data = randomBytes(3 * SMALL_SEGMENTS.segmentSize() + 17, 5);
    FileRef ref = cluster.services.get(0).put(chunks(data, 4096)).block(T);
    assertThat(join(cluster.services.get(5).get(ref.id()).collectList().block(T))).isEqualTo(data);
  }

  @Test
  void emptyFile_hasOneSegmentAndZeroLength() {
    cluster = new TestCluster(12, SMALL);
    FileRef ref = cluster.services.get(0).put(reactor.core.publisher.Flux.empty()).block(T);
    assertThat(ref.segments()).isEqualTo(1);
    assertThat(ref.size()).isZero();
    assertThat(cluster.services.get(3).get(ref.id()).collectList().block(T)).isEmpty();
    assertThat(cluster.services.get(3).info(ref.id()).block(T).size()).isZero();
  }

  /**
   * The seed's flow: request the file key, encrypt into shards, store them in the DHT, fetch from
   * another node which rebuilds the key from threshold shares, decrypts and gets identical bytes.
   */
  @Test
  void seedEndToEnd_keySharesRebuildTheKeyOnAnotherNode() {
    cluster = new TestCluster(12, FileServiceConfig.defaults());
    byte[] data = new byte[3 * (1 << 20) + 12345];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ("veilnet seed flow ".charAt(i % 18) + (i / 100_000));
    }
    FileRef ref = cluster.services.get(0).put(chunks(data, 1 << 16)).block(T);
    assertThat(ref.segments()).isEqualTo(4);

    // Node 9 holds no master seed: it collects threshold shares of the file key from key nodes.
    KeyService fromShares = new KeyService() {
      @Override
      public SymmetricKey requestFileKey(byte[] fileId) {
        List<SecretShare> all = cluster.kms.fileKeyShares(fileId);
        return reconstructKey(all.subList(2, 2 + cluster.kms.threshold()));
      }

      @Override
      public SymmetricKey generateEphemeralKey() {
        throw new UnsupportedOperationException();
      }

      @Override
      public SymmetricKey reconstructKey(Collection<SecretShare> shares) {
        return cluster.kms.reconstructKey(shares);
      }
    };
    try (DefaultFileService other = cluster.service(9, fromShares, FileServiceConfig.defaults())) {
      byte[] back = join(other.get(ref.id()).collectList().block(T));
      assertThat(back).isEqualTo(data);
      assertThat(other.info(ref.id()).block(T).sha256()).isEqualTo(io.veilnet.engine.files.internal.Sha256.digest(data));
    }
  }

  @Test
  void getWithAnotherMasterKey_failsToDecrypt() {
    cluster = new TestCluster(12, SMALL);
    FileRef ref = cluster.services.get(0).put(chunks(randomBytes(1000, 1), 100)).block(T);
    try (TestCluster other = new TestCluster(1, SMALL, i -> new io.veilnet.engine.store.InMemoryNodeStore(), 99L);
        DefaultFileService wrongKey = cluster.service(4, other.kms, SMALL)) {
      assertThatThrownBy(() -> wrongKey.get(ref.id()).blockLast(T))
          .isInstanceOf(io.veilnet.crypto.DecryptionException.class);
    }
  }

  private List<List<ContentId>> shardIds(FileId id) {
    io.veilnet.kademlia.ValueRecord r = cluster.network.view(cluster.ids.get(0)).getRecord(id.bytes()).block(T);
    Manifest m = Manifest.decode(r.value());
    assertThat(m.tableLevel()).isZero();
    List<List<ContentId>> out = new ArrayList<>();
    for (byte[] e : m.table()) {
      List<ContentId> seg = new ArrayList<>();
      for (int i = 0; i < m.ces().totalShards(); i++) {
        seg.add(ContentId.of(Arrays.copyOfRange(e, i * 32, i * 32 + 32)));
      }
      out.add(seg);
    }
    return out;
  }

  // Full segments of random data: a short last segment pads with zeros, which makes whole data
  // shards all-zero and so shared between segments and files (see docs/storage.md, known limits).
  @Test
  void shardsOfOneSegment_landOnDistinctNodes() {
    cluster = new TestCluster(12, SMALL);
    FileRef ref = cluster.services.get(0).put(chunks(randomBytes(6 * 65_536, 3), 50_000)).block(T);
    for (List<ContentId> seg : shardIds(ref.id())) {
      Set<NodeId> holders = new HashSet<>();
      for (ContentId s : seg) {
        List<NodeId> h = cluster.network.holders(s);
        assertThat(h).hasSize(1);
        holders.add(h.get(0));
      }
      assertThat(holders).hasSize(6);
    }
  }

  @Test
  void killingNMinusKHoldersOfASegment_stillRetrieves_andKillingMore_namesTheSegment() {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(3 * 65_536 + 10, 5); // 4 segments
    FileRef ref = cluster.services.get(0).put(chunks(data, 65_536)).block(T);
    List<List<ContentId>> segs = shardIds(ref.id());
    // Kill the holders of shards 0 and 1 of segment 2: n - k = 2 nodes.
    NodeId a = cluster.network.holders(segs.get(2).get(0)).get(0);
    NodeId b = cluster.network.holders(segs.get(2).get(1)).get(0);
    cluster.network.kill(a);
    cluster.network.kill(b);
    int getter = pickLive(List.of(a, b));
    assertThat(join(cluster.services.get(getter).get(ref.id()).collectList().block(T))).isEqualTo(data);

    // One more holder of segment 2 dies: it has only 3 of 6 shards left.
    NodeId c = cluster.network.holders(segs.get(2).get(2)).get(0);
    cluster.network.kill(c);
    int getter2 = pickLive(List.of(a, b, c));
    assertThatThrownBy(() -> cluster.services.get(getter2).get(ref.id()).blockLast(T))
        .isInstanceOf(ShardsUnavailableException.class)
        .hasMessageContaining("segment")
        .hasMessageContaining("2")
        .hasMessageContaining("fewer than 4 of 6 shards")
        .satisfies(e -> assertThat(((ShardsUnavailableException) e).segments()).contains(2L));
  }

  @Test
  void droppedShards_inSeveralSegments_areAllNamed() {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(5 * 65_536, 6); // 5 segments
    FileRef ref = cluster.services.get(0).put(chunks(data, 65_536)).block(T);
    List<List<ContentId>> segs = shardIds(ref.id());
    for (int seg : new int[] {1, 3}) {
      for (int i = 0; i < 3; i++) {
        ContentId s = segs.get(seg).get(i);
        cluster.network.store(cluster.network.holders(s).get(0)).deleteShard(s.bytes());
      }
    }
    assertThatThrownBy(() -> cluster.services.get(2).get(ref.id()).blockLast(T))
        .isInstanceOf(ShardsUnavailableException.class)
        .hasMessageContaining("segments 1, 3 cannot be rebuilt")
        .satisfies(e -> assertThat(((ShardsUnavailableException) e).segments()).containsExactly(1L, 3L));
  }

  private int pickLive(List<NodeId> dead) {
    for (int i = 0; i < cluster.ids.size(); i++) {
      if (!dead.contains(cluster.ids.get(i))) {
        return i;
      }
    }
    throw new AssertionError();
  }

  @Test
  void tamperedShard_isDetected_andAnotherShardIsUsed() {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(200_000, 8);
    FileRef ref = cluster.services.get(0).put(chunks(data, 30_000)).block(T);
    List<List<ContentId>> segs = shardIds(ref.id());
    // Tamper the holder of data shard 0 of segment 0 (fetched first) and flip a stored byte of another.
    NodeId liar = cluster.network.holders(segs.get(0).get(0)).get(0);
    cluster.network.tamper(liar, true);
    ContentId s1 = segs.get(1).get(1);
    var st = cluster.network.store(cluster.network.holders(s1).get(0));
    byte[] bytes = st.getShard(s1.bytes()).orElseThrow();
    bytes[5] ^= 0x40;
    st.putShard(s1.bytes(), bytes);
    assertThat(join(cluster.services.get(pickLive(List.of(liar))).get(ref.id()).collectList().block(T))).isEqualTo(data);
  }

  @Test
  void healthyGet_fetchesExactlyKShardsPerSegment() {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(5 * 65_536, 9);
    FileRef ref = cluster.services.get(0).put(chunks(data, 65_536)).block(T);
    long before = cluster.network.shardFetches();
    cluster.services.get(5).get(ref.id()).blockLast(T);
    assertThat(cluster.network.shardFetches() - before).isEqualTo(5L * 4);
  }

  @Test
  void noStoreHoldsPlaintext_contentOrName() {
    cluster = new TestCluster(12, SMALL);
    String marker = "PLAINTEXT-MARKER-7f3a";
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 300_000) {
      sb.append(marker).append(' ').append(sb.length()).append('\n');
    }
    byte[] data = sb.toString().getBytes(UTF_8);
    FileRef ref = cluster.services.get(0).putTracked(chunks(data, 40_000), marker + ".txt", data.length).result().block(T);
    assertThat(join(cluster.services.get(1).get(ref.id()).collectList().block(T))).isEqualTo(data);
    assertThat(cluster.services.get(1).info(ref.id()).block(T).name()).isEqualTo(marker + ".txt");
    byte[] needle = marker.getBytes(UTF_8);
    byte[] needle2 = "MARKER".getBytes(UTF_8);
    long[] entries = {0};
    for (NodeId node : cluster.ids) {
      cluster.network.store(node).forEachEntry((area, k, v) -> {
        entries[0]++;
        assertThat(indexOf(v, needle)).as("plaintext in %s of %s", area, node).isNegative();
        assertThat(indexOf(v, needle2)).isNegative();
        assertThat(indexOf(k, needle2)).isNegative();
      });
    }
    assertThat(entries[0]).isGreaterThan(30);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void sameContentTwice_getsDifferentIdsKeysAndShards() {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(2 * 65_536, 10);
    FileRef a = cluster.services.get(0).put(chunks(data, 50_000)).block(T);
    FileRef b = cluster.services.get(0).put(chunks(data, 50_000)).block(T);
    assertThat(a.id()).isNotEqualTo(b.id());
    try (SymmetricKey ka = cluster.kms.requestFileKey(a.id().bytes());
        SymmetricKey kb = cluster.kms.requestFileKey(b.id().bytes())) {
      assertThat(ka).isNotEqualTo(kb);
    }
    Set<ContentId> sa = new HashSet<>();
    shardIds(a.id()).forEach(sa::addAll);
    Set<ContentId> sb = new HashSet<>();
    shardIds(b.id()).forEach(sb::addAll);
    assertThat(sa).doesNotContainAnyElementsOf(sb);
    assertThat(join(cluster.services.get(3).get(a.id()).collectList().block(T))).isEqualTo(data);
    assertThat(join(cluster.services.get(4).get(b.id()).collectList().block(T))).isEqualTo(data);
  }

  @Test
  void deadClosestNodes_areSkipped_andPlacementFallsBack() {
    cluster = new TestCluster(12, SMALL);
    for (int i = 6; i < 12; i++) {
      cluster.network.kill(cluster.ids.get(i));
    }
    byte[] data = randomBytes(70_000, 11);
    FileRef ref = cluster.services.get(0).put(chunks(data, 7_000)).block(T);
    for (int i = 6; i < 12; i++) {
      cluster.network.revive(cluster.ids.get(i));
    }
    for (List<ContentId> seg : shardIds(ref.id())) {
      for (ContentId s : seg) {
        assertThat(cluster.network.holders(s)).allMatch(h -> cluster.ids.indexOf(h) < 6);
      }
    }
    assertThat(join(cluster.services.get(8).get(ref.id()).collectList().block(T))).isEqualTo(data);
  }

  @Test
  void tooFewLiveNodes_putFailsClearly() {
    cluster = new TestCluster(12, SMALL);
    for (int i = 5; i < 12; i++) {
      cluster.network.kill(cluster.ids.get(i));
    }
    assertThatThrownBy(() -> cluster.services.get(0).put(chunks(randomBytes(10, 1), 10)).block(T))
        .isInstanceOf(NodeUnavailableException.class)
        .hasMessageContaining("cannot place shard");
  }

  @Test
  void unknownFile_isAClearError() {
    cluster = new TestCluster(12, SMALL);
    FileId id = FileId.of(new byte[32]);
    assertThatThrownBy(() -> cluster.services.get(0).get(id).blockLast(T))
        .isInstanceOf(FileNotFoundInNetworkException.class)
        .hasMessageContaining(id.toHex());
  }

  @Test
  void bigFileManifest_isChunkedIntoPages_andReadBack() {
    // 2 KiB pages hold 10 segment entries (6 x 32 bytes each): 200 segments need a 3-level tree.
    FileServiceConfig cfg = FileServiceConfig.builder()
        .ces(SMALL_SEGMENTS.toBuilder().segmentSize(4096).chunkSize(1024).build())
        .manifestPageSize(1024)
        .build();
    cluster = new TestCluster(12, cfg);
    byte[] data = randomBytes(200 * 4096 - 7, 12);
    FileRef ref = cluster.services.get(0).put(chunks(data, 5000)).block(T);
    assertThat(ref.segments()).isEqualTo(200);
    io.veilnet.kademlia.ValueRecord r = cluster.network.view(cluster.ids.get(0)).getRecord(ref.id().bytes()).block(T);
    Manifest m = Manifest.decode(r.value());
    assertThat(m.tableLevel()).isGreaterThanOrEqualTo(2);
    assertThat(r.encodedLength()).isLessThanOrEqualTo(io.veilnet.kademlia.ValueRecord.MAX_ENCODED);
    assertThat(join(cluster.services.get(6).get(ref.id()).collectList().block(T))).isEqualTo(data);
  }

  @Test
  void putFromPath_storesTheNameAndContent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(150_001, 13);
    java.nio.file.Path f = dir.resolve("report.bin");
    java.nio.file.Files.write(f, data);
    FileRef ref = cluster.services.get(0).put(f).block(T);
    assertThat(ref.size()).isEqualTo(data.length);
    assertThat(cluster.services.get(2).info(ref.id()).block(T).name()).isEqualTo("report.bin");
    assertThat(join(cluster.services.get(2).get(ref.id()).collectList().block(T))).isEqualTo(data);
  }

  @Test
  void buffersFromTheCaller_areNotKept() {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(100_000, 14);
    byte[] scratch = data.clone();
    ByteBuffer reused = ByteBuffer.wrap(scratch);
    FileRef ref = cluster.services.get(0).put(reactor.core.publisher.Flux.just(reused)).block(T);
    Arrays.fill(scratch, (byte) 0);
    assertThat(join(cluster.services.get(1).get(ref.id()).collectList().block(T))).isEqualTo(data);
  }
}
