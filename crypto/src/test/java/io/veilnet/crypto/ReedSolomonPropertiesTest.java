package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReedSolomonPropertiesTest {

  /** k, n, shard size and a seed for data and erasure choice. */
  record Case(int k, int n, int size, long seed) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> k = Arbitraries.integers().between(1, 16);
    Arbitrary<Integer> extra = Arbitraries.integers().between(1, 8);
    // small and odd sizes are common; some cross one or more full 8 KiB stripes
    Arbitrary<Integer> size = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(1, 100)),
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(101, 8191)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(8192, 3 * 8192 + 99)));
    Arbitrary<Long> seed = Arbitraries.longs();
    return Combinators.combine(k, extra, size, seed)
        .as((kk, e, s, sd) -> new Case(kk, kk + e, s, sd));
  }

  @Property(tries = 150)
  void anyKOfN_reconstructEveryShardByteForByte(@ForAll("cases") Case c) {
    Random random = new Random(c.seed());
    ReedSolomon rs = ReedSolomon.create(c.k(), c.n());
    byte[][] expected = rs.encode(ReedSolomonTest.randomShards(c.k(), c.size(), random));

    // keep a random subset of exactly k shards (sometimes more); the rest are null or garbage
    int keep = c.k() + (random.nextInt(4) == 0 ? random.nextInt(c.n() - c.k() + 1) : 0);
    boolean[] present = choose(c.n(), keep, random);
    byte[][] shards = new byte[c.n()][];
    for (int i = 0; i < c.n(); i++) {
      if (present[i]) {
        shards[i] = expected[i].clone();
      } else if (random.nextBoolean()) {
        shards[i] = new byte[c.size()];
        random.nextBytes(shards[i]);
      }
    }
    rs.reconstruct(shards, present, 0, c.size());
    assertThat(shards).isDeepEqualTo(expected);
  }

  @Property(tries = 100)
  void kMinusOneShards_failWithErasureCodingException(@ForAll("cases") Case c) {
    Random random = new Random(c.seed());
    ReedSolomon rs = ReedSolomon.create(c.k(), c.n());
    byte[][] shards = rs.encode(ReedSolomonTest.randomShards(c.k(), c.size(), random));
    boolean[] present = choose(c.n(), c.k() - 1, random);
    assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, c.size()))
        .isInstanceOf(ErasureCodingException.class)
        .hasMessage("need " + c.k() + " of " + c.n() + " shards, only " + (c.k() - 1)
            + " present");
  }

  @Property(tries = 100)
  void subRange_codesLikeAStandaloneShardOfThatLength(@ForAll("cases") Case c) {
    Random random = new Random(c.seed());
    ReedSolomon rs = ReedSolomon.create(c.k(), c.n());
    int offset = random.nextInt(50);
    int total = offset + c.size() + random.nextInt(50);
    byte[][] shards = ReedSolomonTest.randomShards(c.n(), total, random);
    byte[][] before = ReedSolomonTest.deepCopy(shards);
    rs.encodeParity(shards, offset, c.size());

    byte[][] window = new byte[c.k()][];
    for (int i = 0; i < c.k(); i++) {
      window[i] = java.util.Arrays.copyOfRange(shards[i], offset, offset + c.size());
    }
    byte[][] standalone = rs.encode(window);
    for (int i = 0; i < c.n(); i++) {
      assertThat(java.util.Arrays.copyOfRange(shards[i], offset, offset + c.size()))
          .isEqualTo(standalone[i]);
      assertThat(java.util.Arrays.copyOf(shards[i], offset))
          .isEqualTo(java.util.Arrays.copyOf(before[i], offset));
      assertThat(java.util.Arrays.copyOfRange(shards[i], offset + c.size(), total))
          .isEqualTo(java.util.Arrays.copyOfRange(before[i], offset + c.size(), total));
    }

    // and reconstructing the window in place restores it
    boolean[] present = choose(c.n(), c.k(), random);
    byte[][] damaged = ReedSolomonTest.deepCopy(shards);
    for (int i = 0; i < c.n(); i++) {
      if (!present[i]) {
        java.util.Arrays.fill(damaged[i], offset, offset + c.size(), (byte) 0x77);
      }
    }
    rs.reconstruct(damaged, present, offset, c.size());
    assertThat(damaged).isDeepEqualTo(shards);
  }

  private static boolean[] choose(int n, int count, Random random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    boolean[] present = new boolean[n];
    for (int i = 0; i < count; i++) {
      present[order.get(i)] = true;
    }
    return present;
  }
}
