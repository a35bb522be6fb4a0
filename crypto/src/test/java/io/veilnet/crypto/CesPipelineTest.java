package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CesPipelineTest {
  private static final CesConfig SMALL = CesConfig.builder().segmentSize(64 * 1024).chunkSize(4096).build();
  private static final byte[] FILE = "file-id".getBytes(StandardCharsets.UTF_8);

  private static CesPipeline pipeline(CesConfig config, long keySeed) {
    byte[] raw = new byte[32];
    new Random(keySeed).nextBytes(raw);
    try (SymmetricKey key = SymmetricKey.of(raw)) {
      return CesPipeline.create(config, key);
    }
  }

  private static boolean[] all(int n) {
    boolean[] p = new boolean[n];
    Arrays.fill(p, true);
    return p;
  }

  @Property(tries = 60)
  void anyDataShardsOfTotal_roundTrip(
      @ForAll("payloads") byte[] data, @ForAll("erasurePatterns") boolean[] present) {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process(data, FILE, 7);
      byte[][] given = new byte[shards.length][];
      for (int i = 0; i < shards.length; i++) {
        given[i] = present[i] ? shards[i] : null;
      }
      assertThat(ces.reconstruct(given, present, FILE, 7)).isEqualTo(data);
    }
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(64 * 1024);
    Arbitrary<byte[]> repetitive =
        Arbitraries.integers().between(0, 64 * 1024).map(n -> "veilnet ".repeat(n / 8 + 1).substring(0, n).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> edge = Arbitraries.of(new byte[0], new byte[] {42}, new byte[64 * 1024]);
    return Arbitraries.oneOf(random, repetitive, edge);
  }

  @Provide
  Arbitrary<boolean[]> erasurePatterns() {
    // Exactly 4 of 6 present, any positions.
    return Arbitraries.integers().between(0, 5).set().ofSize(2).map(missing -> {
      boolean[] p = all(6);
      missing.forEach(i -> p[i] = false);
      return p;
    });
  }

  @Property(tries = 20)
  void everyShard_hasTheSameConstantSize_whateverTheInput(@ForAll("payloads") byte[] data) {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process(data);
      assertThat(shards.length).isEqualTo(6);
      for (byte[] s : shards) {
        assertThat(s).hasSize(ces.shardSize());
      }
    }
  }

  @Property(tries = 15)
  void otherErasureParameters_roundTrip(@ForAll("kn") int[] kn, @ForAll("payloads") byte[] data) {
    CesConfig cfg = SMALL.toBuilder().erasure(kn[0], kn[1]).build();
    try (CesPipeline ces = pipeline(cfg, 2)) {
      byte[][] shards = ces.process(data);
      boolean[] present = new boolean[kn[1]];
      byte[][] given = new byte[kn[1]][];
      for (int i = kn[1] - kn[0]; i < kn[1]; i++) { // keep the last k: parity-heavy decode
        present[i] = true;
        given[i] = shards[i];
      }
      assertThat(ces.reconstruct(given, present)).isEqualTo(data);
    }
  }

  @Provide
  Arbitrary<int[]> kn() {
    return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 6))
        .as((k, m) -> new int[] {k, k + m});
  }

  @Test
  void tooFewShards_isAClearErasureError() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process(new byte[100]);
      boolean[] present = {true, true, true, false, false, false};
      assertThatThrownBy(() -> ces.reconstruct(shards, present))
          .isInstanceOf(ErasureCodingException.class)
          .hasMessage("need 4 of 6 shards, only 3 present");
    }
  }

  @Test
  void tamperedShard_failsDecryptionCleanly() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process("hello".getBytes(StandardCharsets.UTF_8));
      shards[1][5] ^= 1;
      assertThatThrownBy(() -> ces.reconstruct(shards, all(6)))
          .isInstanceOf(DecryptionException.class)
          .hasMessage("decryption failed");
    }
  }

  @Test
  void tamperedParityShard_usedInDecode_failsCleanly() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process(new byte[5000]);
      shards[4][0] ^= (byte) 0x80;
      boolean[] present = {false, true, true, true, true, false};
      assertThatThrownBy(() -> ces.reconstruct(shards, present)).isInstanceOf(DecryptionException.class);
    }
  }

  @Test
  void wrongKey_wrongFile_orWrongSegment_failCleanly() {
    byte[] data = "the quick brown fox".getBytes(StandardCharsets.UTF_8);
    try (CesPipeline ces = pipeline(SMALL, 1); CesPipeline other = pipeline(SMALL, 2)) {
      byte[][] shards = ces.process(data, FILE, 3);
      assertThatThrownBy(() -> other.reconstruct(shards, all(6), FILE, 3)).isInstanceOf(DecryptionException.class);
      assertThatThrownBy(() -> ces.reconstruct(shards, all(6), "other".getBytes(StandardCharsets.UTF_8), 3))
          .isInstanceOf(DecryptionException.class);
      assertThatThrownBy(() -> ces.reconstruct(shards, all(6), FILE, 4)).isInstanceOf(DecryptionException.class);
      assertThat(ces.reconstruct(shards, all(6), FILE, 3)).isEqualTo(data);
    }
  }

  @Test
  void shardsHoldNoPlaintext_evenForCompressibleOrTinyData() {
    byte[] marker = "PLAINTEXT-MARKER-0123456789".getBytes(StandardCharsets.UTF_8);
    try (CesPipeline ces = pipeline(SMALL.toBuilder().compressionLevel(0).build(), 1)) {
      byte[][] shards = ces.process(marker);
      for (byte[] s : shards) {
        assertThat(indexOf(s, marker)).isEqualTo(-1);
      }
    }
  }

  @Test
  void shortSegments_leaveNoAllZeroOrRepeatedShard() {
    // Padding after encryption would leave the tail data shards of a short segment all zero,
    // with one id shared by every file: a length leak and a cross-file link.
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (CesPipeline a = pipeline(SMALL, 1); CesPipeline b = pipeline(SMALL, 2)) {
      for (CesPipeline ces : new CesPipeline[] {a, b}) {
        for (byte[] data : new byte[][] {new byte[0], new byte[] {1}, new byte[100]}) {
          for (byte[] shard : ces.process(data)) {
            int nonZero = 0;
            for (byte x : shard) {
              nonZero += x != 0 ? 1 : 0;
            }
            assertThat(nonZero).isGreaterThan(shard.length / 2);
            assertThat(seen.add(Bytes.toHex(shard))).isTrue();
          }
        }
      }
    }
  }

  @Test
  void nonZeroAlignmentTail_isRejected() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process(new byte[10]);
      byte[] last = shards[3];
      last[last.length - 1] ^= 1; // the alignment tail lives at the end of the last data shard
      assertThatThrownBy(() -> ces.reconstruct(shards, all(6))).isInstanceOf(DecryptionException.class);
    }
  }

  @Test
  void sameDataTwice_givesDifferentShards() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      assertThat(ces.process(new byte[10])[0]).isNotEqualTo(ces.process(new byte[10])[0]);
    }
  }

  @Test
  void oversizedSegment_isRejected() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      assertThatThrownBy(() -> ces.process(new byte[64 * 1024 + 1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maximum is 65536");
    }
  }

  @Test
  void callerShardArrays_areNotModifiedByDecode() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process(new byte[777]);
      byte[][] copy = Arrays.stream(shards).map(byte[]::clone).toArray(byte[][]::new);
      boolean[] present = {false, false, true, true, true, true};
      ces.reconstruct(shards, present);
      for (int i = 0; i < 6; i++) {
        assertThat(shards[i]).isEqualTo(copy[i]);
      }
      assertThat(present).containsExactly(false, false, true, true, true, true);
    }
  }

  @Test
  void wrongShardSizeOrSlotCount_isAClearArgumentError() {
    try (CesPipeline ces = pipeline(SMALL, 1)) {
      byte[][] shards = ces.process(new byte[1]);
      shards[0] = new byte[3];
      assertThatThrownBy(() -> ces.reconstruct(shards, all(6))).hasMessageContaining("shard 0 must be");
      assertThatThrownBy(() -> ces.reconstruct(new byte[5][], all(5))).hasMessageContaining("expected 6 shard slots");
    }
  }

  @Test
  void defaultConfiguration_handlesAFullMegabyteSegment() {
    byte[] data = new byte[CesConfig.DEFAULT_SEGMENT_SIZE];
    new Random(3).nextBytes(data);
    try (CesPipeline ces = pipeline(CesConfig.defaults(), 9)) {
      byte[][] shards = ces.process(data, FILE, 0);
      boolean[] present = {true, false, true, false, true, true};
      assertThat(ces.reconstruct(shards, present, FILE, 0)).isEqualTo(data);
      // 1 MiB of random data stays 1 MiB; 4 data shards of ~256 KiB plus framing.
      assertThat(ces.shardSize()).isBetween(262_144, 262_144 + 4096);
    }
  }

  @Test
  void keyOfWrongSize_forAlgorithm_isRejected() {
    try (SymmetricKey k16 = SymmetricKey.of(new byte[16])) {
      assertThatThrownBy(() -> CesPipeline.create(CesConfig.defaults(), k16))
          .hasMessageContaining("needs a 32-byte key");
    }
  }

  @Test
  void configBuilder_rejectsEveryInvalidValue() {
    assertThatThrownBy(() -> CesConfig.builder().erasure(0, 2).build()).hasMessageContaining("k=0");
    assertThatThrownBy(() -> CesConfig.builder().erasure(4, 4).build()).hasMessageContaining("k < n");
    assertThatThrownBy(() -> CesConfig.builder().erasure(4, 257).build()).hasMessageContaining("n <= 256");
    assertThatThrownBy(() -> CesConfig.builder().segmentSize(0).build()).hasMessageContaining("segment size");
    assertThatThrownBy(() -> CesConfig.builder().segmentSize((64 << 20) + 1).build()).hasMessageContaining("segment size");
    assertThatThrownBy(() -> CesConfig.builder().compressionLevel(20).build()).hasMessageContaining("zstd level");
    assertThatThrownBy(() -> CesConfig.builder().chunkSize(100).build()).hasMessageContaining("chunk size");
    assertThatThrownBy(() -> CesConfig.builder().algorithm(null)).isInstanceOf(NullPointerException.class);
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
}
