package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NodeIdTest {
  @Test
  void idIsSha256OfIdentityKey() {
    byte[] key = new byte[32];
    // SHA-256 of 32 zero bytes
    assertThat(NodeId.ofIdentityKey(key).toHex())
        .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
  }

  @Test
  void wrongLengths_areRejected() {
    assertThatThrownBy(() -> NodeId.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeId.ofIdentityKey(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commonPrefixAndBits() {
    NodeId a = NodeId.fromHex("80" + "00".repeat(31));
    NodeId b = NodeId.fromHex("c0" + "00".repeat(31));
    assertThat(a.commonPrefixLength(b)).isEqualTo(1);
    assertThat(a.commonPrefixLength(a)).isEqualTo(256);
    assertThat(a.bit(0)).isEqualTo(1);
    assertThat(a.bit(1)).isZero();
    assertThat(a.distance(b).leadingZeroBits()).isEqualTo(1);
  }

  @Test
  void puzzle_countsLeadingZeroBitsOfTheHashOfTheId() {
    int found = 0;
    Random r = new Random(1);
    for (int i = 0; i < 4_000; i++) {
      NodeId id = NodeId.random(r);
      if (id.satisfiesPuzzle(4)) {
        found++;
        assertThat(NodeId.of(NodeId.sha256(id.toBytes())).leadingZeroBits()).isGreaterThanOrEqualTo(4);
      }
    }
    assertThat(found).isBetween(150, 350); // about 1/16
    assertThat(NodeId.random(r).satisfiesPuzzle(0)).isTrue();
  }

  @Property(tries = 200)
  void xorMetricIsSymmetricAndOrdersLikeDistance(@ForAll @Size(32) byte[] x,
      @ForAll @Size(32) byte[] y, @ForAll @Size(32) byte[] t) {
    NodeId a = NodeId.of(x);
    NodeId b = NodeId.of(y);
    NodeId target = NodeId.of(t);
    assertThat(a.distance(b)).isEqualTo(b.distance(a));
    assertThat(Integer.signum(target.compareDistance(a, b)))
        .isEqualTo(Integer.signum(a.distance(target).compareTo(b.distance(target))));
  }

  @Property(tries = 100)
  void randomInBucket_landsInThatBucket(@ForAll @Size(32) byte[] x, @ForAll long seed) {
    NodeId self = NodeId.of(x);
    int bucket = (int) Math.floorMod(seed, 256L);
    assertThat(self.commonPrefixLength(self.randomInBucket(bucket, new Random(seed))))
        .isEqualTo(bucket);
  }
}
