package io.veilnet.crypto;

import io.veilnet.crypto.internal.BitMatrixCoder;
import io.veilnet.crypto.internal.Gf256;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Systematic Reed–Solomon erasure code over GF(2^8): {@code k} data shards plus {@code n - k}
 * parity shards, any {@code k} of which rebuild all the others (MDS). Immutable and thread-safe;
 * one instance may serve many threads at once.
 *
 * <p>The generator is {@code [I; C]} with {@code C} an {@code (n-k) × k} Cauchy matrix,
 * {@code C[i][j] = 1 / (x_i + y_j)}, {@code x_i = k + i}, {@code y_j = j}, then normalised so that
 * the first parity row is all ones (plain XOR) and each later row has the fewest ones in its GF(2)
 * bit matrix. Coding runs as XOR of packets; the bit layout inside a shard and the exact matrix are
 * described in {@code docs/erasure-coding.md} and pinned by a known-answer test, because they are
 * part of the stored shard format.
 *
 * <p>Parameters: {@code 1 <= k <= n <= 256}. {@code n == k} (no parity) is allowed, so that
 * redundancy can be configured down to none; then {@link #reconstruct} needs every shard.
 *
 * <p>Encoding and reconstruction must use the same {@code offset} and {@code length}: the bit
 * layout of a region depends on its length (see {@code docs/erasure-coding.md}).
 */
public final class ReedSolomon {
  /** Largest supported total shard count (the field has 256 elements). */
  public static final int MAX_TOTAL_SHARDS = 256;
  private static final int MAX_CACHED_PATTERNS = 1024;

  private final int k;
  private final int n;
  /** (n - k) × k parity part of the generator. */
  private final byte[][] parityMatrix;
  private final BitMatrixCoder parityCoder;
  private final ConcurrentHashMap<BitSet, Decoder> decoders = new ConcurrentHashMap<>();

  private ReedSolomon(int k, int n) {
    this.k = k;
    this.n = n;
    this.parityMatrix = parityMatrix(k, n);
    this.parityCoder = new BitMatrixCoder(parityMatrix);
  }

  /**
   * A code with {@code dataShards} data shards out of {@code totalShards}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= dataShards <= totalShards <= 256}
   */
  public static ReedSolomon create(int dataShards, int totalShards) {
    if (dataShards < 1 || dataShards > MAX_TOTAL_SHARDS) {
      throw new IllegalArgumentException(
          "dataShards must be in 1.." + MAX_TOTAL_SHARDS + ", got " + dataShards);
    }
    if (totalShards < dataShards || totalShards > MAX_TOTAL_SHARDS) {
      throw new IllegalArgumentException("totalShards must be in " + dataShards + ".."
          + MAX_TOTAL_SHARDS + " (dataShards.." + MAX_TOTAL_SHARDS + "), got " + totalShards);
    }
    return new ReedSolomon(dataShards, totalShards);
  }

  public int dataShards() {
    return k;
  }

  public int parityShards() {
    return n - k;
  }

  public int totalShards() {
    return n;
  }

  /**
   * Computes the parity shards {@code shards[k..n-1]} from the data shards {@code shards[0..k-1]}
   * over bytes {@code [offset, offset + length)}; bytes outside that range are untouched.
   *
   * @param shards n non-null arrays of equal length
   * @throws IllegalArgumentException on a wrong count, a null or differently sized shard, or a
   *     range outside the shards
   */
  public void encodeParity(byte[][] shards, int offset, int length) {
    if (shards == null || shards.length != n) {
      throw new IllegalArgumentException("expected " + n + " shards, got "
          + (shards == null ? "null" : shards.length));
    }
    int size = -1;
    for (int i = 0; i < n; i++) {
      if (shards[i] == null) {
        throw new IllegalArgumentException("shard " + i + " is null");
      }
      size = checkSize(size, shards[i], i);
    }
    checkRange(size, offset, length);
    if (n == k) {
      return;
    }
    parityCoder.apply(Arrays.copyOfRange(shards, 0, k), Arrays.copyOfRange(shards, k, n),
        offset, length);
  }

  /**
   * Encodes {@code k} equal-length data shards; returns {@code n} new arrays: copies of the data
   * followed by the parity.
   */
  public byte[][] encode(byte[][] dataShards) {
    if (dataShards == null || dataShards.length != k) {
      throw new IllegalArgumentException("expected " + k + " data shards, got "
          + (dataShards == null ? "null" : dataShards.length));
    }
    int size = -1;
    for (int i = 0; i < k; i++) {
      if (dataShards[i] == null) {
        throw new IllegalArgumentException("data shard " + i + " is null");
      }
      size = checkSize(size, dataShards[i], i);
    }
    byte[][] shards = new byte[n][];
    for (int i = 0; i < k; i++) {
      shards[i] = dataShards[i].clone();
    }
    for (int i = k; i < n; i++) {
      shards[i] = new byte[size];
    }
    encodeParity(shards, 0, size);
    return shards;
  }

  /**
   * Rebuilds, in place, every shard whose {@code present} flag is false (data and parity) over
   * bytes {@code [offset, offset + length)}, from any {@code k} present shards. A missing entry
   * may be null (a new array of the shards' length is allocated) or hold garbage of the right
   * length (overwritten). Present shards are read only.
   *
   * @throws ErasureCodingException if fewer than {@code k} shards are present
   * @throws IllegalArgumentException on wrong array sizes, a present shard that is null, shards of
   *     different lengths, or a range outside the shards
   */
  public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
    if (shards == null || shards.length != n) {
      throw new IllegalArgumentException("expected " + n + " shards, got "
          + (shards == null ? "null" : shards.length));
    }
    if (present == null || present.length != n) {
      throw new IllegalArgumentException("expected " + n + " present flags, got "
          + (present == null ? "null" : present.length));
    }
    int size = -1;
    int count = 0;
    BitSet pattern = new BitSet(n);
    for (int i = 0; i < n; i++) {
      if (present[i]) {
        if (shards[i] == null) {
          throw new IllegalArgumentException("shard " + i + " is marked present but is null");
        }
        size = checkSize(size, shards[i], i);
        count++;
        pattern.set(i);
      }
    }
    if (count < k) {
      throw new ErasureCodingException(
          "need " + k + " of " + n + " shards, only " + count + " present");
    }
    for (int i = 0; i < n; i++) {
      if (!present[i] && shards[i] != null) {
        size = checkSize(size, shards[i], i);
      }
    }
    checkRange(size, offset, length);
    if (count == n) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!present[i] && shards[i] == null) {
        shards[i] = new byte[size];
      }
    }
    Decoder decoder = decoders.get(pattern);
    if (decoder == null) {
      decoder = new Decoder(pattern);
      if (decoders.size() >= MAX_CACHED_PATTERNS) {
        decoders.clear();
      }
      decoders.putIfAbsent(pattern, decoder);
    }
    decoder.apply(shards, offset, length);
  }

  /** For example {@code ReedSolomon[4+2]}. */
  @Override
  public String toString() {
    return "ReedSolomon[" + k + "+" + (n - k) + "]";
  }

  private static int checkSize(int expected, byte[] shard, int index) {
    if (expected >= 0 && shard.length != expected) {
      throw new IllegalArgumentException("shard " + index + " has length " + shard.length
          + ", expected " + expected + " like the shards before it");
    }
    return shard.length;
  }

  private static void checkRange(int size, int offset, int length) {
    if (offset < 0 || length < 0 || offset > size - length) {
      throw new IllegalArgumentException("range offset=" + offset + " length=" + length
          + " must lie within the shard length " + size);
    }
  }

  /** The generator row of shard {@code i}: a unit row for data, a parity row otherwise. */
  private byte[] generatorRow(int i) {
    if (i < k) {
      byte[] row = new byte[k];
      row[i] = 1;
      return row;
    }
    return parityMatrix[i - k];
  }

  /** Decoding for one erasure pattern: missing = G[missing] · (G[first k present])^-1. */
  private final class Decoder {
    private final int[] sources;
    private final int[] targets;
    private final BitMatrixCoder coder;

    Decoder(BitSet present) {
      sources = new int[k];
      int s = 0;
      for (int i = present.nextSetBit(0); s < k; i = present.nextSetBit(i + 1)) {
        sources[s++] = i;
      }
      targets = new int[n - present.cardinality()];
      int t = 0;
      for (int i = present.nextClearBit(0); i < n; i = present.nextClearBit(i + 1)) {
        targets[t++] = i;
      }
      byte[][] sub = new byte[k][];
      for (int r = 0; r < k; r++) {
        sub[r] = generatorRow(sources[r]);
      }
      byte[][] inverse = Gf256.invert(sub); // never singular: every k×k minor of [I; C] is
      byte[][] missing = new byte[targets.length][];
      for (int r = 0; r < targets.length; r++) {
        missing[r] = generatorRow(targets[r]);
      }
      coder = new BitMatrixCoder(Gf256.multiply(missing, inverse));
    }

    void apply(byte[][] shards, int offset, int length) {
      byte[][] in = new byte[k][];
      for (int i = 0; i < k; i++) {
        in[i] = shards[sources[i]];
      }
      byte[][] out = new byte[targets.length][];
      for (int i = 0; i < targets.length; i++) {
        out[i] = shards[targets[i]];
      }
      coder.apply(in, out, offset, length);
    }
  }

  /**
   * The Cauchy parity matrix, normalised: column j scaled so row 0 is all ones, then each row i >=
   * 1 divided by the element of that row that leaves the fewest ones in its bit matrices (ties:
   * the leftmost). Scaling rows or columns of a Cauchy matrix keeps every square minor non-zero,
   * so {@code [I; C]} stays MDS.
   */
  static byte[][] parityMatrix(int k, int n) {
    int m = n - k;
    byte[][] c = new byte[m][k];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < k; j++) {
        c[i][j] = (byte) Gf256.inv((k + i) ^ j);
      }
    }
    if (m == 0) {
      return c;
    }
    for (int j = 0; j < k; j++) {
      int d = Gf256.inv(c[0][j]);
      for (int i = 0; i < m; i++) {
        c[i][j] = (byte) Gf256.mul(c[i][j], d);
      }
    }
    for (int i = 1; i < m; i++) {
      int best = -1;
      int bestWeight = Integer.MAX_VALUE;
      for (int j = 0; j < k; j++) {
        int d = Gf256.inv(c[i][j]);
        int w = 0;
        for (int x = 0; x < k; x++) {
          w += BitMatrixCoder.bitWeight(Gf256.mul(c[i][x], d));
        }
        if (w < bestWeight) {
          bestWeight = w;
          best = d;
        }
      }
      for (int x = 0; x < k; x++) {
        c[i][x] = (byte) Gf256.mul(c[i][x], best);
      }
    }
    return c;
  }
}
