package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.kademlia.DecodeException;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every decoder, fed random bytes, truncations and bit flips of valid encodings, either decodes
 * or throws {@link DecodeException} — nothing else, and never allocates past its caps (a stray
 * huge allocation would surface as OutOfMemoryError here).
 */
class DecoderFuzzTest {

  static final List<byte[]> VALID = new ArrayList<>();

  static {
    VALID.add(GoldenVectors.record().encode());
    VALID.add(GoldenVectors.value().encode());
    for (Message m : GoldenVectors.messages().values()) {
      VALID.add(MessageCodec.encode(m));
    }
  }

  static void decodesOrDecodeException(byte[] input) {
    for (Consumer<byte[]> d : List.<Consumer<byte[]>>of(
        MessageCodec::decode, NodeRecord::decode, ValueRecord::decode)) {
      try {
        d.accept(input);
      } catch (DecodeException expected) {
        assertThat(expected).hasMessageNotContaining("null");
      }
    }
  }

  @Property(tries = 2_000)
  void randomBytes(@ForAll @Size(max = 1_400) byte[] input) {
    decodesOrDecodeException(input);
  }

  @Provide
  Arbitrary<byte[]> valid() {
    return Arbitraries.of(VALID);
  }

  @Property(tries = 1_000)
  void truncations(@ForAll("valid") byte[] valid, @ForAll @IntRange(min = 0, max = 20_000) int cut) {
    decodesOrDecodeException(Arrays.copyOf(valid, Math.min(cut, valid.length)));
  }

  @Property(tries = 2_000)
  void bitFlips(@ForAll("valid") byte[] valid, @ForAll @IntRange(min = 0, max = 1 << 20) int pos,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] b = valid.clone();
    b[pos % b.length] ^= (byte) (1 << bit);
    decodesOrDecodeException(b);
  }

  @Property(tries = 500)
  void lengthFieldsSetToExtremes(@ForAll("valid") byte[] valid,
      @ForAll @IntRange(min = 0, max = 1 << 20) int pos) {
    byte[] b = valid.clone();
    int p = pos % b.length;
    b[p] = (byte) 0xff;
    if (p + 1 < b.length) {
      b[p + 1] = (byte) 0xff;
    }
    decodesOrDecodeException(b);
  }
}
