package io.veilnet.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Applies a fixed matrix over GF(2^8) to byte regions using only XOR: each element is expanded to
 * its 8×8 bit matrix over GF(2) (Blömer et al., "An XOR-based erasure-resilient coding
 * scheme"), so an output packet is the XOR of a fixed list of input packets. Immutable and thread-safe.
 *
 * <p><b>Layout</b> (this is part of the shard format; see {@code docs/erasure-coding.md}). A region
 * {@code [offset, offset + length)} of every shard is cut, from its start, into stripes of
 * {@link #STRIPE} bytes; a stripe holds 8 packets of {@link #PACKET} bytes. Bit {@code q} of byte
 * {@code t} of packet {@code j} is bit {@code j} (weight 2^j) of one GF(2^8) symbol, so a stripe
 * carries {@code 8 · PACKET} symbols. What is left after the full stripes ({@code rem} bytes) forms
 * one short stripe with packets of {@code rem / 8} bytes (if that is at least 1), and the last
 * {@code rem % 8} bytes are symbols on their own: each byte is one GF(2^8) element. Every symbol
 * position is coded with the same matrix, so the code is the same MDS code over GF(2^8) whatever
 * the layout; the layout only decides which bits form a symbol.
 */
public final class BitMatrixCoder {
  /** Packet size in bytes of a full stripe. Changing it changes the shard format. */
  public static final int PACKET = 1024;
  /** Full stripe size: 8 packets. */
  public static final int STRIPE = 8 * PACKET;

  private final byte[][] matrix;
  private final int rows;
  private final int cols;
  /** Output bit rows ({@code o * 8 + r}) in the order they are computed. */
  private final int[] targets;
  /**
   * For each step, the packets to XOR: packet {@code sourcePackets[s][i]} (0..7) of array
   * {@code sourceArrays[s][i]}, where an array index below {@code cols} is an input and
   * {@code cols + o} is output {@code o} (computed by an earlier step).
   */
  private final int[][] sourceArrays;
  private final int[][] sourcePackets;

  /** @param matrix rows × cols, every row the same length; copied */
  public BitMatrixCoder(byte[][] matrix) {
    this.rows = matrix.length;
    this.cols = rows == 0 ? 0 : matrix[0].length;
    this.matrix = new byte[rows][];
    for (int i = 0; i < rows; i++) {
      this.matrix[i] = matrix[i].clone();
    }
    int bitRows = rows * 8;
    BitSet[] bits = new BitSet[bitRows];
    for (int o = 0; o < rows; o++) {
      for (int r = 0; r < 8; r++) {
        BitSet row = new BitSet(cols * 8);
        for (int c = 0; c < cols; c++) {
          int e = matrix[o][c] & 0xFF;
          for (int j = 0; j < 8; j++) {
            // column j of the bit matrix of e is e * 2^j; take its bit r
            if (((Gf256.mul(e, 1 << j) >>> r) & 1) != 0) {
              row.set(c * 8 + j);
            }
          }
        }
        bits[o * 8 + r] = row;
      }
    }
    // "Smart" schedule (Plank, Jerasure): repeatedly emit the cheapest pending bit row, either from
    // the inputs or as an already computed row XOR the difference, whichever needs fewer sources.
    this.targets = new int[bitRows];
    this.sourceArrays = new int[bitRows][];
    this.sourcePackets = new int[bitRows][];
    int[] cost = new int[bitRows];
    int[] from = new int[bitRows];
    boolean[] done = new boolean[bitRows];
    long[][] words = new long[bitRows][];
    for (int i = 0; i < bitRows; i++) {
      words[i] = Arrays.copyOf(bits[i].toLongArray(), (cols * 8 + 63) / 64);
      cost[i] = bits[i].cardinality();
      from[i] = -1;
    }
    for (int step = 0; step < bitRows; step++) {
      int best = -1;
      for (int i = 0; i < bitRows; i++) {
        if (!done[i] && (best < 0 || cost[i] < cost[best])) {
          best = i;
        }
      }
      done[best] = true;
      targets[step] = best;
      BitSet use = (BitSet) bits[best].clone();
      int[] src = new int[cost[best]];
      int n = 0;
      if (from[best] >= 0) {
        use.xor(bits[from[best]]);
        src[n++] = (cols + from[best] / 8) * 8 + from[best] % 8;
      }
      for (int b = use.nextSetBit(0); b >= 0; b = use.nextSetBit(b + 1)) {
        src[n++] = b;
      }
      sourceArrays[step] = new int[n];
      sourcePackets[step] = new int[n];
      for (int i = 0; i < n; i++) {
        sourceArrays[step][i] = src[i] >>> 3;
        sourcePackets[step][i] = src[i] & 7;
      }
      for (int i = 0; i < bitRows; i++) {
        if (!done[i]) {
          int c = 1;
          for (int w = 0; w < words[i].length; w++) {
            c += Long.bitCount(words[i][w] ^ words[best][w]);
          }
          if (c < cost[i]) {
            cost[i] = c;
            from[i] = best;
          }
        }
      }
    }
  }

  /** Number of ones in the bit matrix of element {@code e} (XOR cost of multiplying by e). */
  public static int bitWeight(int e) {
    int w = 0;
    for (int j = 0; j < 8; j++) {
      w += Integer.bitCount(Gf256.mul(e, 1 << j));
    }
    return w;
  }

  /** Total packets read over the whole schedule of one stripe; a cost measure. */
  public int weight() {
    int w = 0;
    for (int[] s : sourceArrays) {
      w += s.length;
    }
    return w;
  }

  /**
   * out[o] = Σ_c matrix[o][c] · in[c] over {@code [offset, offset + length)}. {@code in} has
   * {@code cols} arrays, {@code out} has {@code rows}; none of the outputs may be an input. Bounds
   * are the caller's job.
   */
  public void apply(byte[][] in, byte[][] out, int offset, int length) {
    int pos = offset;
    int end = offset + length;
    if (end - pos >= STRIPE) {
      // Full stripes go through long[] scratch: C2 vectorises XOR loops over long[] at distinct
      // offsets, but not over byte[] (JDK 17), and the bulk copies in and out are cheap.
      long[][] all = new long[cols + rows][STRIPE / 8];
      do {
        for (int c = 0; c < cols; c++) {
          ByteBuffer.wrap(in[c], pos, STRIPE).order(ByteOrder.nativeOrder()).asLongBuffer()
              .get(all[c]);
        }
        stripeLongs(all);
        for (int o = 0; o < rows; o++) {
          ByteBuffer.wrap(out[o], pos, STRIPE).order(ByteOrder.nativeOrder()).asLongBuffer()
              .put(all[cols + o]);
        }
        pos += STRIPE;
      } while (end - pos >= STRIPE);
    }
    int packet = (end - pos) >>> 3;
    if (packet > 0) {
      byte[][] all = Arrays.copyOf(in, cols + rows);
      System.arraycopy(out, 0, all, cols, rows);
      stripe(all, pos, packet);
      pos += 8 * packet;
    }
    if (pos < end) {
      bytewise(in, out, pos, end - pos);
    }
  }

  private void bytewise(byte[][] in, byte[][] out, int pos, int len) {
    for (int o = 0; o < rows; o++) {
      byte[] dst = out[o];
      Arrays.fill(dst, pos, pos + len, (byte) 0);
      for (int c = 0; c < cols; c++) {
        int e = matrix[o][c] & 0xFF;
        if (e != 0) {
          Gf256.mulAdd(e, in[c], pos, dst, pos, len);
        }
      }
    }
  }

  private void stripeLongs(long[][] all) {
    final int p = PACKET / 8;
    final int base = 0;
    for (int step = 0; step < targets.length; step++) {
      int t = targets[step];
      long[] d = all[cols + (t >>> 3)];
      int dOff = base + (t & 7) * p;
      int[] a = sourceArrays[step];
      int[] q = sourcePackets[step];
      int n = a.length;
      if (n == 0) {
        Arrays.fill(d, dOff, dOff + p, 0L);
        continue;
      }
      int i = Math.min(n, 4);
      switch (i) {
        case 1 -> System.arraycopy(all[a[0]], base + q[0] * p, d, dOff, p);
        case 2 -> set2(d, dOff, all[a[0]], base + q[0] * p, all[a[1]], base + q[1] * p, p);
        case 3 -> set3(d, dOff, all[a[0]], base + q[0] * p, all[a[1]], base + q[1] * p,
            all[a[2]], base + q[2] * p, p);
        default -> set4(d, dOff, all[a[0]], base + q[0] * p, all[a[1]], base + q[1] * p,
            all[a[2]], base + q[2] * p, all[a[3]], base + q[3] * p, p);
      }
      for (; i + 4 <= n; i += 4) {
        xor4(d, dOff, all[a[i]], base + q[i] * p, all[a[i + 1]], base + q[i + 1] * p,
            all[a[i + 2]], base + q[i + 2] * p, all[a[i + 3]], base + q[i + 3] * p, p);
      }
      switch (n - i) {
        case 1 -> xor1(d, dOff, all[a[i]], base + q[i] * p, p);
        case 2 -> xor2(d, dOff, all[a[i]], base + q[i] * p, all[a[i + 1]], base + q[i + 1] * p, p);
        case 3 -> xor3(d, dOff, all[a[i]], base + q[i] * p, all[a[i + 1]], base + q[i + 1] * p,
            all[a[i + 2]], base + q[i + 2] * p, p);
        default -> { }
      }
    }
  }

  private void stripe(byte[][] all, int base, int p) {
    for (int step = 0; step < targets.length; step++) {
      int t = targets[step];
      byte[] d = all[cols + (t >>> 3)];
      int dOff = base + (t & 7) * p;
      int[] a = sourceArrays[step];
      int[] q = sourcePackets[step];
      int n = a.length;
      if (n == 0) {
        Arrays.fill(d, dOff, dOff + p, (byte) 0);
        continue;
      }
      int i = Math.min(n, 4);
      switch (i) {
        case 1 -> System.arraycopy(all[a[0]], base + q[0] * p, d, dOff, p);
        case 2 -> set2(d, dOff, all[a[0]], base + q[0] * p, all[a[1]], base + q[1] * p, p);
        case 3 -> set3(d, dOff, all[a[0]], base + q[0] * p, all[a[1]], base + q[1] * p,
            all[a[2]], base + q[2] * p, p);
        default -> set4(d, dOff, all[a[0]], base + q[0] * p, all[a[1]], base + q[1] * p,
            all[a[2]], base + q[2] * p, all[a[3]], base + q[3] * p, p);
      }
      for (; i + 4 <= n; i += 4) {
        xor4(d, dOff, all[a[i]], base + q[i] * p, all[a[i + 1]], base + q[i + 1] * p,
            all[a[i + 2]], base + q[i + 2] * p, all[a[i + 3]], base + q[i + 3] * p, p);
      }
      switch (n - i) {
        case 1 -> xor1(d, dOff, all[a[i]], base + q[i] * p, p);
        case 2 -> xor2(d, dOff, all[a[i]], base + q[i] * p, all[a[i + 1]], base + q[i + 1] * p, p);
        case 3 -> xor3(d, dOff, all[a[i]], base + q[i] * p, all[a[i + 1]], base + q[i + 1] * p,
            all[a[i + 2]], base + q[i + 2] * p, p);
        default -> { }
      }
    }
  }

  // Byte kernels for the one short stripe of a region (packets of any size). C2 (JDK 17) does not
  // vectorise these at distinct offsets, which is why full stripes use the long[] kernels below.

  private static void set2(byte[] d, int dOff, byte[] a, int aOff, byte[] b, int bOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] = (byte) (a[aOff + i] ^ b[bOff + i]);
    }
  }

  private static void set3(byte[] d, int dOff, byte[] a, int aOff, byte[] b, int bOff,
      byte[] c, int cOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] = (byte) (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i]);
    }
  }

  private static void set4(byte[] d, int dOff, byte[] a, int aOff, byte[] b, int bOff,
      byte[] c, int cOff, byte[] e, int eOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] = (byte) (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i] ^ e[eOff + i]);
    }
  }

  private static void xor1(byte[] d, int dOff, byte[] a, int aOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= a[aOff + i];
    }
  }

  private static void xor2(byte[] d, int dOff, byte[] a, int aOff, byte[] b, int bOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= (byte) (a[aOff + i] ^ b[bOff + i]);
    }
  }

  private static void xor3(byte[] d, int dOff, byte[] a, int aOff, byte[] b, int bOff,
      byte[] c, int cOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= (byte) (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i]);
    }
  }

  private static void xor4(byte[] d, int dOff, byte[] a, int aOff, byte[] b, int bOff,
      byte[] c, int cOff, byte[] e, int eOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= (byte) (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i] ^ e[eOff + i]);
    }
  }
  // The same kernels over long[]: C2 unrolls and vectorises these (SuperWord).

  private static void set2(long[] d, int dOff, long[] a, int aOff, long[] b, int bOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] = (a[aOff + i] ^ b[bOff + i]);
    }
  }

  private static void set3(long[] d, int dOff, long[] a, int aOff, long[] b, int bOff,
      long[] c, int cOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] = (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i]);
    }
  }

  private static void set4(long[] d, int dOff, long[] a, int aOff, long[] b, int bOff,
      long[] c, int cOff, long[] e, int eOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] = (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i] ^ e[eOff + i]);
    }
  }

  private static void xor1(long[] d, int dOff, long[] a, int aOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= a[aOff + i];
    }
  }

  private static void xor2(long[] d, int dOff, long[] a, int aOff, long[] b, int bOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= (a[aOff + i] ^ b[bOff + i]);
    }
  }

  private static void xor3(long[] d, int dOff, long[] a, int aOff, long[] b, int bOff,
      long[] c, int cOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i]);
    }
  }

  private static void xor4(long[] d, int dOff, long[] a, int aOff, long[] b, int bOff,
      long[] c, int cOff, long[] e, int eOff, int len) {
    for (int i = 0; i < len; i++) {
      d[dOff + i] ^= (a[aOff + i] ^ b[bOff + i] ^ c[cOff + i] ^ e[eOff + i]);
    }
  }
}
