package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PaddingTest {

  @Property(tries = 300)
  void padThenUnpad_returnsTheData(
      @ForAll @Size(max = 600) byte[] data, @ForAll @IntRange(min = 1, max = 300) int blockSize) {
    byte[] padded = Padding.pad(data, blockSize);
    assertThat(Padding.unpad(padded)).isEqualTo(data);
  }

  @Property(tries = 300)
  void paddedLength_isTheSmallestMultipleAboveTheData(
      @ForAll @Size(max = 600) byte[] data, @ForAll @IntRange(min = 1, max = 300) int blockSize) {
    byte[] padded = Padding.pad(data, blockSize);
    assertThat(padded.length)
        .isEqualTo(Padding.paddedLength(data.length, blockSize))
        .isGreaterThanOrEqualTo(data.length + 1)
        .isLessThanOrEqualTo(data.length + blockSize);
    assertThat(padded.length % blockSize).isZero();
    assertThat(padded[data.length]).isEqualTo((byte) 0x80);
    for (int i = data.length + 1; i < padded.length; i++) {
      assertThat(padded[i]).isZero();
    }
  }

  @Property(tries = 200)
  void padTo_givesExactSize(
      @ForAll @Size(max = 300) byte[] data, @ForAll @IntRange(min = 1, max = 100) int extra) {
    byte[] padded = Padding.padTo(data, data.length + extra);
    assertThat(padded).hasSize(data.length + extra);
    assertThat(Padding.unpad(padded)).isEqualTo(data);
  }

  @Property(tries = 200)
  void unpadOfARange_ignoresBytesOutsideIt(
      @ForAll @Size(max = 200) byte[] data,
      @ForAll @Size(max = 20) byte[] before,
      @ForAll @Size(max = 20) byte[] after) {
    byte[] padded = Padding.pad(data, 16);
    byte[] buf = Bytes.concat(before, padded, after);
    assertThat(Padding.unpad(buf, before.length, padded.length)).isEqualTo(data);
    assertThat(Padding.unpaddedLength(buf, before.length, padded.length)).isEqualTo(data.length);
  }

  /** Arbitrary bytes drawn mostly from {0x00, 0x80, 0x01}, so that both valid and invalid occur. */
  @Property(tries = 1000)
  void unpaddedLength_agreesWithASimpleScan(
      @ForAll @Size(max = 40) java.util.List<@IntRange(min = 0, max = 5) Integer> codes,
      @ForAll @IntRange(min = 0, max = 3) int offset) {
    byte[] buf = new byte[offset + codes.size()];
    for (int i = 0; i < codes.size(); i++) {
      int c = codes.get(i);
      buf[offset + i] = (byte) (c <= 2 ? 0 : c == 3 ? 0x80 : c == 4 ? 1 : 0xff);
    }
    Integer expected = null;
    for (int i = codes.size() - 1; i >= 0; i--) {
      if (buf[offset + i] != 0) {
        expected = buf[offset + i] == (byte) 0x80 ? i : null;
        break;
      }
    }
    if (expected == null) {
      assertThatThrownBy(() -> Padding.unpaddedLength(buf, offset, codes.size()))
          .hasMessage("invalid padding");
    } else {
      assertThat(Padding.unpaddedLength(buf, offset, codes.size())).isEqualTo(expected);
    }
  }

  @Test
  void knownValues() {
    assertThat(Padding.paddedLength(0, 16)).isEqualTo(16);
    assertThat(Padding.paddedLength(15, 16)).isEqualTo(16);
    assertThat(Padding.paddedLength(16, 16)).isEqualTo(32);
    assertThat(Padding.paddedLength(1023, 1024)).isEqualTo(1024);
    assertThat(Padding.paddedLength(5, 1)).isEqualTo(6);
    assertThat(Padding.pad(new byte[0], 4)).containsExactly(0x80, 0, 0, 0);
    assertThat(Padding.pad(new byte[] {1, 2}, 4)).containsExactly(1, 2, 0x80, 0);
    assertThat(Padding.pad(new byte[] {1, 2, 3}, 4)).containsExactly(1, 2, 3, 0x80);
    assertThat(Padding.unpad(new byte[] {(byte) 0x80})).isEmpty();
    assertThat(Padding.unpad(new byte[] {0, (byte) 0x80, 0})).containsExactly(0);
    assertThat(Padding.unpad(new byte[] {(byte) 0x80, (byte) 0x80})).containsExactly(0x80);
  }

  @Test
  void malformedPadding_isRejected() {
    byte[][] bad = {
      {}, {0}, {0, 0, 0}, {1, 2, 3}, {(byte) 0x80, 1}, {(byte) 0x80, 0, 0, 0x7f}, {0x40, 0, 0},
      {(byte) 0x81}, {(byte) 0x80, 0, (byte) 0xff, 0}
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> Padding.unpad(b))
          .isExactlyInstanceOf(CryptoException.class)
          .hasMessage("invalid padding");
    }
  }

  @Test
  void invalidArguments_areRejected() {
    assertThatThrownBy(() -> Padding.pad(new byte[1], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block size");
    assertThatThrownBy(() -> Padding.paddedLength(-1, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Padding.paddedLength(Integer.MAX_VALUE - 2, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> Padding.padTo(new byte[4], 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not fit");
    assertThatThrownBy(() -> Padding.unpad(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
