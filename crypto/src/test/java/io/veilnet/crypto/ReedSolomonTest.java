package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.internal.Gf256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReedSolomonTest {

  // ---- parameters ----

  @ParameterizedTest
  @CsvSource({"0, 4", "-1, 4", "257, 300"})
  void create_rejectsDataShardsOutOfRange(int k, int n) {
    assertThatThrownBy(() -> ReedSolomon.create(k, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataShards must be in 1..256, got " + k);
  }

  @ParameterizedTest
  @CsvSource({"4, 3", "4, -6", "4, 257", "10, 1000"})
  void create_rejectsTotalShardsOutOfRange(int k, int n) {
    assertThatThrownBy(() -> ReedSolomon.create(k, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("totalShards must be in " + k + "..256 (dataShards..256), got " + n);
  }

  @Test
  void create_acceptsLimits_andReportsCounts() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    assertThat(rs.dataShards()).isEqualTo(4);
    assertThat(rs.parityShards()).isEqualTo(2);
    assertThat(rs.totalShards()).isEqualTo(6);
    assertThat(rs).hasToString("ReedSolomon[4+2]");
    assertThat(ReedSolomon.create(1, 256).parityShards()).isEqualTo(255);
    assertThat(ReedSolomon.create(255, 256).parityShards()).isEqualTo(1);
    assertThat(ReedSolomon.create(256, 256).parityShards()).isZero();
  }

  @Test
  void noParity_isAnIdentityCodeThatNeedsEveryShard() {
    ReedSolomon rs = ReedSolomon.create(3, 3);
    byte[][] data = randomShards(3, 17, new Random(1));
    byte[][] shards = rs.encode(data);
    assertThat(shards).isDeepEqualTo(data);
    boolean[] present = {true, false, true};
    assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 17))
        .isInstanceOf(ErasureCodingException.class)
        .hasMessage("need 3 of 3 shards, only 2 present");
  }

  // ---- argument checks ----

  @Test
  void encodeParity_rejectsWrongShardCount() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    assertThatThrownBy(() -> rs.encodeParity(new byte[5][8], 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 6 shards, got 5");
    assertThatThrownBy(() -> rs.encodeParity(null, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 6 shards, got null");
  }

  @Test
  void encodeParity_rejectsNullOrMismatchedShard() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    byte[][] shards = new byte[6][8];
    shards[5] = null;
    assertThatThrownBy(() -> rs.encodeParity(shards, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard 5 is null");
    shards[5] = new byte[8];
    shards[2] = new byte[9];
    assertThatThrownBy(() -> rs.encodeParity(shards, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard 2 has length 9, expected 8");
  }

  @ParameterizedTest
  @CsvSource({"-1, 4", "0, -1", "0, 9", "5, 4", "8, 1", "2147483647, 2"})
  void encodeParity_rejectsRangeOutsideShards(int offset, int length) {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    assertThatThrownBy(() -> rs.encodeParity(new byte[6][8], offset, length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range offset=" + offset + " length=" + length
            + " must lie within the shard length 8");
  }

  @Test
  void encode_rejectsWrongCountNullAndMismatchedLengths() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    assertThatThrownBy(() -> rs.encode(new byte[6][8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 4 data shards, got 6");
    assertThatThrownBy(() -> rs.encode(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 4 data shards, got null");
    byte[][] withNull = new byte[4][8];
    withNull[1] = null;
    assertThatThrownBy(() -> rs.encode(withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data shard 1 is null");
    byte[][] ragged = {new byte[8], new byte[8], new byte[8], new byte[7]};
    assertThatThrownBy(() -> rs.encode(ragged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard 3 has length 7, expected 8");
  }

  @Test
  void reconstruct_rejectsWrongArraySizes() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    boolean[] present = new boolean[6];
    Arrays.fill(present, true);
    assertThatThrownBy(() -> rs.reconstruct(new byte[7][8], present, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 6 shards, got 7");
    assertThatThrownBy(() -> rs.reconstruct(new byte[6][8], new boolean[5], 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 6 present flags, got 5");
    assertThatThrownBy(() -> rs.reconstruct(new byte[6][8], null, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 6 present flags, got null");
  }

  @Test
  void reconstruct_rejectsPresentNullShard() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    byte[][] shards = new byte[6][8];
    shards[3] = null;
    boolean[] present = {true, true, true, true, true, false};
    assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard 3 is marked present but is null");
  }

  @Test
  void reconstruct_rejectsMismatchedLengths() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    byte[][] shards = new byte[6][8];
    shards[4] = new byte[10];
    boolean[] present = {true, true, true, true, true, false};
    assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard 4 has length 10, expected 8");
    // a missing shard supplied as scratch space must fit too
    shards[4] = new byte[8];
    shards[5] = new byte[3];
    assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard 5 has length 3, expected 8");
  }

  @Test
  void reconstruct_withTooFewShards_failsNamingTheCounts() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    byte[][] shards = rs.encode(randomShards(4, 32, new Random(2)));
    boolean[] present = {true, false, true, false, false, true};
    assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 32))
        .isInstanceOf(ErasureCodingException.class)
        .hasMessage("need 4 of 6 shards, only 3 present");
  }

  // ---- behaviour ----

  @Test
  void encode_isSystematic_andDoesNotTouchItsInput() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    byte[][] data = randomShards(4, 100, new Random(3));
    byte[][] copy = deepCopy(data);
    byte[][] shards = rs.encode(data);
    assertThat(shards).hasNumberOfRows(6);
    for (int i = 0; i < 4; i++) {
      assertThat(shards[i]).isEqualTo(copy[i]).isNotSameAs(data[i]);
    }
    assertThat(data).isDeepEqualTo(copy);
  }

  @Test
  void firstParityShard_isTheXorOfTheData() {
    ReedSolomon rs = ReedSolomon.create(5, 8);
    int size = 3 * 8192 + 777;
    byte[][] shards = rs.encode(randomShards(5, size, new Random(4)));
    byte[] xor = new byte[size];
    for (int i = 0; i < 5; i++) {
      for (int b = 0; b < size; b++) {
        xor[b] ^= shards[i][b];
      }
    }
    assertThat(shards[5]).isEqualTo(xor);
  }

  @Test
  void encodeParity_onASubRange_leavesOtherBytesAlone() {
    ReedSolomon rs = ReedSolomon.create(3, 5);
    byte[][] shards = randomShards(5, 40, new Random(5));
    byte[] parityBefore = shards[4].clone();
    rs.encodeParity(shards, 7, 20);
    assertThat(Arrays.copyOfRange(shards[4], 0, 7)).isEqualTo(Arrays.copyOf(parityBefore, 7));
    assertThat(Arrays.copyOfRange(shards[4], 27, 40))
        .isEqualTo(Arrays.copyOfRange(parityBefore, 27, 40));
    // the range alone is a valid codeword
    byte[][] window = new byte[5][];
    for (int i = 0; i < 5; i++) {
      window[i] = Arrays.copyOfRange(shards[i], 7, 27);
    }
    assertThat(rs.encode(Arrays.copyOf(window, 3))).isDeepEqualTo(window);
  }

  @Test
  void reconstruct_allocatesNullShards_andOverwritesGarbage() {
    ReedSolomon rs = ReedSolomon.create(4, 6);
    byte[][] expected = rs.encode(randomShards(4, 9000, new Random(6)));
    byte[][] shards = deepCopy(expected);
    shards[0] = null;
    Arrays.fill(shards[3], (byte) 0x5A);
    boolean[] present = {false, true, true, false, true, true};
    rs.reconstruct(shards, present, 0, 9000);
    assertThat(shards).isDeepEqualTo(expected);
  }

  @Test
  void reconstruct_withEverythingPresent_changesNothing() {
    ReedSolomon rs = ReedSolomon.create(2, 4);
    byte[][] shards = rs.encode(randomShards(2, 10, new Random(7)));
    byte[][] copy = deepCopy(shards);
    boolean[] present = {true, true, true, true};
    rs.reconstruct(shards, present, 0, 10);
    assertThat(shards).isDeepEqualTo(copy);
  }

  @Test
  void reconstruct_matchesAnIndependentReferenceEncoderForEveryPattern() {
    // exhaustive over all erasure patterns of 4-of-7, with a size that exercises full stripes, the
    // short stripe and the bytewise tail
    ReedSolomon rs = ReedSolomon.create(4, 7);
    int size = 2 * 8192 + 8 * 13 + 5;
    byte[][] expected = ReferenceCode.encode(4, 7, randomShards(4, size, new Random(8)));
    assertThat(rs.encode(Arrays.copyOf(expected, 4))).isDeepEqualTo(expected);
    for (int mask = 0; mask < 1 << 7; mask++) {
      if (Integer.bitCount(mask) < 4) {
        continue;
      }
      boolean[] present = new boolean[7];
      byte[][] shards = new byte[7][];
      for (int i = 0; i < 7; i++) {
        present[i] = (mask & (1 << i)) != 0;
        shards[i] = present[i] ? expected[i].clone() : null;
      }
      rs.reconstruct(shards, present, 0, size);
      assertThat(shards).as("pattern %s", Integer.toBinaryString(mask)).isDeepEqualTo(expected);
    }
  }

  @Test
  void concurrentReconstructions_onOneInstance_allSucceed() throws Exception {
    ReedSolomon rs = ReedSolomon.create(6, 10);
    byte[][] expected = rs.encode(randomShards(6, 20_000, new Random(9)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 40; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
          Collections.shuffle(order, new Random(seed));
          boolean[] present = new boolean[10];
          byte[][] shards = new byte[10][];
          for (int i = 0; i < 6; i++) {
            present[order.get(i)] = true;
            shards[order.get(i)] = expected[order.get(i)].clone();
          }
          rs.reconstruct(shards, present, 0, 20_000);
          return Arrays.deepEquals(shards, expected);
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- known answers: these pin the on-disk shard format ----

  @Test
  void parityMatrix_isPinned() {
    assertThat(hexRows(ReedSolomon.parityMatrix(4, 6))).containsExactly("01010101", "01d95cac");
    assertThat(hexRows(ReedSolomon.parityMatrix(10, 14))).containsExactly(
        "01010101010101010101",
        "4f018827820ecf4dee5b",
        "8c736bf645b8029a8f01",
        "5a1801d946a8f833c9e2");
  }

  @ParameterizedTest
  @CsvSource({"1, 2", "4, 6", "10, 14", "17, 40", "100, 256"})
  void parityMatrix_isARowAndColumnScaledCauchyMatrix(int k, int n) {
    // C'[i][j] = r_i * c_j / (x_i + y_j) with x_i = k + i, y_j = j: the ratio to the plain Cauchy
    // entry has rank one, and the first row is all ones
    byte[][] m = ReedSolomon.parityMatrix(k, n);
    int[][] ratio = new int[n - k][k];
    for (int i = 0; i < n - k; i++) {
      for (int j = 0; j < k; j++) {
        assertThat(m[i][j]).isNotZero();
        ratio[i][j] = Gf256.mul(m[i][j] & 0xFF, (k + i) ^ j);
      }
    }
    for (int j = 0; j < k; j++) {
      assertThat(m[0][j]).isEqualTo((byte) 1);
      for (int i = 1; i < n - k; i++) {
        assertThat(Gf256.div(ratio[i][j], ratio[0][j]))
            .isEqualTo(Gf256.div(ratio[i][0], ratio[0][0]));
      }
    }
  }

  @Test
  void knownAnswer_smallShards() {
    // 4+2, 19-byte shards: one short stripe of 2-byte packets, then 3 bytewise symbols
    ReedSolomon rs = ReedSolomon.create(4, 6);
    byte[][] shards = rs.encode(patternShards(4, 19));
    assertThat(Bytes.toHex(shards[4])).isEqualTo("1c206420e4207c300c00040004000c30fc2064");
    assertThat(Bytes.toHex(shards[5])).isEqualTo("aa4d969eccef436ec2e5100b5957cbc14a1e77");
  }

  @Test
  void knownAnswer_largeShards() throws Exception {
    // 10+4, two full stripes + short stripe + tail; SHA-256 of each parity shard
    ReedSolomon rs = ReedSolomon.create(10, 14);
    byte[][] shards = rs.encode(patternShards(10, 2 * 8192 + 1000 + 3));
    List<String> digests = new ArrayList<>();
    for (int i = 10; i < 14; i++) {
      digests.add(Bytes.toHex(MessageDigest.getInstance("SHA-256").digest(shards[i])).substring(0, 32));
    }
    assertThat(digests).containsExactly(
        "042b7944aca05333ed9ea6b8a548060d",
        "46ad3ef31db1a866ab1912b529a1e616",
        "7fd4d051665a0a117200af4c86af681c",
        "77ad7e72c8797578a60ec55125a3c689");
  }

  // ---- helpers ----

  static byte[][] patternShards(int k, int size) {
    byte[][] d = new byte[k][size];
    for (int i = 0; i < k; i++) {
      for (int b = 0; b < size; b++) {
        d[i][b] = (byte) (b * 31 + i * 7 + (b >>> 8));
      }
    }
    return d;
  }

  static byte[][] randomShards(int count, int size, Random random) {
    byte[][] d = new byte[count][size];
    for (byte[] s : d) {
      random.nextBytes(s);
    }
    return d;
  }

  static byte[][] deepCopy(byte[][] a) {
    byte[][] c = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] == null ? null : a[i].clone();
    }
    return c;
  }

  private static List<String> hexRows(byte[][] m) {
    List<String> rows = new ArrayList<>();
    for (byte[] r : m) {
      rows.add(Bytes.toHex(r));
    }
    return rows;
  }

  /**
   * A slow, independent encoder written from docs/erasure-coding.md: symbols assembled bit by bit
   * per the documented layout, multiplied with the documented matrix by plain GF(2^8) arithmetic.
   */
  static final class ReferenceCode {
    static final int PACKET = 1024;

    static byte[][] encode(int k, int n, byte[][] data) {
      int size = data[0].length;
      byte[][] m = ReedSolomon.parityMatrix(k, n);
      byte[][] out = new byte[n][];
      for (int i = 0; i < k; i++) {
        out[i] = data[i].clone();
      }
      for (int i = k; i < n; i++) {
        out[i] = new byte[size];
      }
      int pos = 0;
      while (size - pos >= 8 * PACKET) {
        stripe(m, k, n, out, pos, PACKET);
        pos += 8 * PACKET;
      }
      int p = (size - pos) / 8;
      if (p > 0) {
        stripe(m, k, n, out, pos, p);
        pos += 8 * p;
      }
      for (; pos < size; pos++) {
        for (int i = k; i < n; i++) {
          int acc = 0;
          for (int j = 0; j < k; j++) {
            acc ^= Gf256.mul(m[i - k][j], out[j][pos]);
          }
          out[i][pos] = (byte) acc;
        }
      }
      return out;
    }

    private static void stripe(byte[][] m, int k, int n, byte[][] s, int base, int p) {
      for (int t = 0; t < p; t++) {
        for (int q = 0; q < 8; q++) {
          int[] symbols = new int[k];
          for (int j = 0; j < k; j++) {
            for (int bit = 0; bit < 8; bit++) {
              symbols[j] |= ((s[j][base + bit * p + t] >>> q) & 1) << bit;
            }
          }
          for (int i = k; i < n; i++) {
            int acc = 0;
            for (int j = 0; j < k; j++) {
              acc ^= Gf256.mul(m[i - k][j], symbols[j]);
            }
            for (int bit = 0; bit < 8; bit++) {
              s[i][base + bit * p + t] |= (byte) (((acc >>> bit) & 1) << q);
            }
          }
        }
      }
    }
  }
}
