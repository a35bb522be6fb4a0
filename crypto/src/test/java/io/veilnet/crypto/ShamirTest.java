package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.internal.Gf256;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShamirTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] SECRET = Bytes.fromHex("00112233445566778899aabbccddeeff");

  // ---- split arguments ----

  @Test
  void split_rejectsNullOrEmptySecret() {
    assertThatThrownBy(() -> Shamir.split(null, 2, 3, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret must not be null or empty");
    assertThatThrownBy(() -> Shamir.split(new byte[0], 2, 3, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret must not be null or empty");
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "256"})
  void split_rejectsShareCountOutOfRange(int shares) {
    assertThatThrownBy(() -> Shamir.split(SECRET, 1, shares, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shares must be in 1..255, got " + shares);
  }

  @ParameterizedTest
  @CsvSource({"0, 5", "-3, 5", "6, 5", "256, 255"})
  void split_rejectsThresholdOutOfRange(int threshold, int shares) {
    assertThatThrownBy(() -> Shamir.split(SECRET, threshold, shares, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be in 1.." + shares + " (1..shares), got " + threshold);
  }

  @Test
  void split_rejectsNullRandom() {
    assertThatThrownBy(() -> Shamir.split(SECRET, 2, 3, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("random");
  }

  @Test
  void split_numbersSharesFromOne_andLeavesTheSecretUntouched() {
    byte[] secret = SECRET.clone();
    List<SecretShare> shares = Shamir.split(secret, 3, 5, RANDOM);
    assertThat(shares).extracting(SecretShare::index).containsExactly(1, 2, 3, 4, 5);
    assertThat(shares).allSatisfy(s -> {
      assertThat(s.threshold()).isEqualTo(3);
      assertThat(s.length()).isEqualTo(16);
    });
    assertThat(secret).isEqualTo(SECRET);
  }

  @Test
  void thresholdOne_givesCopiesOfTheSecret() {
    List<SecretShare> shares = Shamir.split(SECRET, 1, 4, RANDOM);
    assertThat(shares).allSatisfy(s -> assertThat(s.value()).isEqualTo(SECRET));
    assertThat(Shamir.combine(List.of(shares.get(2)))).isEqualTo(SECRET);
  }

  @Test
  void knownAnswer_degreeOnePolynomial() {
    // with the coefficient bytes fixed to 0x53, share x holds s ^ 0x53·x for every secret byte s
    SecureRandom fixed = new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        java.util.Arrays.fill(bytes, (byte) 0x53);
      }
    };
    List<SecretShare> shares = Shamir.split(new byte[] {(byte) 0xCA, 0x00}, 2, 3, fixed);
    assertThat(Bytes.toHex(shares.get(0).value())).isEqualTo("9953");
    assertThat(Bytes.toHex(shares.get(1).value()))
        .isEqualTo(String.format("%02x%02x", 0xCA ^ Gf256.mul(0x53, 2), Gf256.mul(0x53, 2)));
    assertThat(Bytes.toHex(shares.get(2).value())).isEqualTo("3ff5");
    assertThat(Shamir.combine(List.of(shares.get(2), shares.get(0)))).containsExactly(0xCA, 0);
  }

  // ---- combine arguments ----

  @Test
  void combine_rejectsNullOrEmpty() {
    assertThatThrownBy(() -> Shamir.combine(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no shares given");
    assertThatThrownBy(() -> Shamir.combine(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no shares given");
  }

  @Test
  void combine_rejectsNullElement() {
    List<SecretShare> shares = new ArrayList<>(Shamir.split(SECRET, 2, 3, RANDOM));
    shares.set(1, null);
    assertThatThrownBy(() -> Shamir.combine(shares))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share 1 of the collection is null");
  }

  @Test
  void combine_withTooFewShares_namesTheThreshold() {
    List<SecretShare> shares = Shamir.split(SECRET, 3, 5, RANDOM);
    assertThatThrownBy(() -> Shamir.combine(shares.subList(0, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need 3 shares to recombine, got 2");
  }

  @Test
  void combine_rejectsDuplicateIndices() {
    List<SecretShare> shares = Shamir.split(SECRET, 2, 3, RANDOM);
    SecretShare copy = SecretShare.of(1, 2, shares.get(0).value());
    assertThatThrownBy(() -> Shamir.combine(List.of(shares.get(0), copy)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate share index 1");
  }

  @Test
  void combine_rejectsMixedLengthsAndThresholds() {
    List<SecretShare> a = Shamir.split(SECRET, 2, 3, RANDOM);
    List<SecretShare> shorter = Shamir.split(new byte[8], 2, 3, RANDOM);
    List<SecretShare> other = Shamir.split(SECRET, 3, 3, RANDOM);
    assertThatThrownBy(() -> Shamir.combine(List.of(a.get(0), shorter.get(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shares disagree on the length: 16 and 8 bytes (share index 2)");
    assertThatThrownBy(() -> Shamir.combine(List.of(a.get(0), other.get(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shares disagree on the threshold: 2 and 3 (share index 2)");
  }

  @Test
  void combine_rejectsClosedShare() {
    List<SecretShare> shares = Shamir.split(SECRET, 2, 3, RANDOM);
    shares.get(1).close();
    assertThatThrownBy(() -> Shamir.combine(shares))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share with index 2 has been closed");
  }

  // ---- SecretShare ----

  @ParameterizedTest
  @CsvSource({"0, 2", "256, 2", "-1, 2"})
  void share_rejectsIndexOutOfRange(int index, int threshold) {
    assertThatThrownBy(() -> SecretShare.of(index, threshold, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share index must be in 1..255, got " + index);
  }

  @ParameterizedTest
  @CsvSource({"1, 0", "1, 256"})
  void share_rejectsThresholdOutOfRange(int index, int threshold) {
    assertThatThrownBy(() -> SecretShare.of(index, threshold, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be in 1..255, got " + threshold);
  }

  @Test
  void share_rejectsEmptyValue() {
    assertThatThrownBy(() -> SecretShare.of(1, 1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share value must not be null or empty");
    assertThatThrownBy(() -> SecretShare.of(1, 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share value must not be null or empty");
  }

  @Test
  void share_toStringHidesTheValue() {
    byte[] value = Bytes.fromHex("deadbeefcafe");
    SecretShare share = SecretShare.of(7, 3, value);
    assertThat(share.toString())
        .isEqualTo("SecretShare[index=7, threshold=3, 6 bytes, redacted]")
        .doesNotContainIgnoringCase("deadbeef");
  }

  @Test
  void share_copiesInAndOut_andCloseZeroes() {
    byte[] value = {1, 2, 3};
    SecretShare share = SecretShare.of(1, 1, value);
    value[0] = 9;
    byte[] out = share.value();
    out[1] = 9;
    assertThat(share.value()).containsExactly(1, 2, 3);
    assertThat(share).isEqualTo(SecretShare.of(1, 1, new byte[] {1, 2, 3}))
        .isNotEqualTo(SecretShare.of(2, 1, new byte[] {1, 2, 3}))
        .isNotEqualTo(SecretShare.of(1, 1, new byte[] {1, 2, 4}));
    share.close();
    share.close();
    assertThat(share.isDestroyed()).isTrue();
    assertThat(share).isNotEqualTo(SecretShare.of(1, 1, new byte[] {1, 2, 3}))
        .isEqualTo(SecretShare.of(1, 1, new byte[3]));
    assertThatThrownBy(share::value)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("share 1 has been closed");
  }

  // ---- properties ----

  @Property(tries = 200)
  void anyThresholdSubset_inAnyOrder_recombinesTheSecret(
      @ForAll @Size(min = 1, max = 48) byte[] secret,
      @ForAll @IntRange(min = 1, max = 10) int threshold,
      @ForAll @IntRange(min = 0, max = 8) int extra,
      @ForAll long seed) {
    Random random = new Random(seed);
    int n = threshold + extra;
    List<SecretShare> shares = new ArrayList<>(Shamir.split(secret, threshold, n, RANDOM));
    Collections.shuffle(shares, random);
    int use = threshold + random.nextInt(extra + 1);
    assertThat(Shamir.combine(shares.subList(0, use))).isEqualTo(secret);
  }

  @Property(tries = 100)
  void oneShareTooFew_isRefused(
      @ForAll @Size(min = 1, max = 16) byte[] secret,
      @ForAll @IntRange(min = 2, max = 12) int threshold,
      @ForAll long seed) {
    List<SecretShare> shares = new ArrayList<>(Shamir.split(secret, threshold, threshold + 2,
        RANDOM));
    Collections.shuffle(shares, new Random(seed));
    assertThatThrownBy(() -> Shamir.combine(Set.copyOf(shares.subList(0, threshold - 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need " + threshold + " shares to recombine, got " + (threshold - 1));
  }

  @Property(tries = 50)
  void lessThanThreshold_withForgedThreshold_doesNotRevealTheSecret(
      @ForAll @IntRange(min = 2, max = 6) int threshold) {
    // interpolating t-1 shares as if the threshold were lower gives a value unrelated to the
    // secret: across many splits it matches the secret no more often than chance
    byte[] secret = new byte[64];
    RANDOM.nextBytes(secret);
    List<SecretShare> shares = Shamir.split(secret, threshold, threshold, RANDOM);
    List<SecretShare> forged = new ArrayList<>();
    for (SecretShare s : shares.subList(0, threshold - 1)) {
      forged.add(SecretShare.of(s.index(), threshold - 1, s.value()));
    }
    byte[] guess = Shamir.combine(forged);
    int equal = 0;
    for (int i = 0; i < secret.length; i++) {
      equal += guess[i] == secret[i] ? 1 : 0;
    }
    assertThat(equal).isLessThan(8); // expected 64/256 = 0.25; 8 is far out in the tail
  }

  @Test
  void allMaximumShares_recombineFromTheLastOnes() {
    List<SecretShare> shares = Shamir.split(SECRET, 5, 255, RANDOM);
    assertThat(Shamir.combine(shares.subList(250, 255))).isEqualTo(SECRET);
    assertThat(shares.get(254).index()).isEqualTo(255);
  }
}
