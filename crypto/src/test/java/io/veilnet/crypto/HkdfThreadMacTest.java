package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link Hkdf} and {@link Hmac} share one JDK {@link Mac} per thread. Checked against a reference
 * that builds a fresh Mac for every HMAC (RFC 5869 written out), on several threads at once,
 * after failures, and for what the thread's Mac holds once a call has returned.
 */
class HkdfThreadMacTest {

  private static byte[] hmac(byte[] key, byte[]... data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
    for (byte[] d : data) {
      mac.update(d);
    }
    return mac.doFinal();
  }

  /** RFC 5869 §2.2–2.3 with one new Mac per HMAC. */
  private static byte[] reference(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
    byte[] prk = hmac(salt == null || salt.length == 0 ? new byte[32] : salt, ikm);
    ByteArrayOutputStream okm = new ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      t = hmac(prk, t, info, new byte[] {(byte) i});
      okm.write(t);
    }
    return Arrays.copyOf(okm.toByteArray(), length);
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @Test
  void derive_matchesAFreshMacPerCall_forSaltsInfosAndLengths() throws Exception {
    Random r = new Random(7);
    for (int length : new int[] {0, 1, 16, 32, 33, 64, 100, Hkdf.MAX_OUTPUT}) {
      for (int saltLen : new int[] {0, 1, 32, 64, 65, 200}) {
        byte[] ikm = bytes(r, 1 + r.nextInt(80));
        byte[] salt = bytes(r, saltLen);
        byte[] info = bytes(r, r.nextInt(150));
        byte[] expected = reference(ikm, salt, info, length);
        assertThat(Hkdf.derive(ikm, salt, info, length)).isEqualTo(expected);
        assertThat(Hkdf.expand(Hkdf.extract(salt, ikm), info, length)).isEqualTo(expected);
      }
    }
    assertThat(Hkdf.derive(new byte[16], null, null, 42))
        .isEqualTo(reference(new byte[16], null, new byte[0], 42));
  }

  @Test
  void derive_withSaltSliceAndInfoParts_equalsDeriveWithCopies() {
    Random r = new Random(11);
    for (int parts = 0; parts <= 4; parts++) {
      byte[] ikm = bytes(r, 32);
      byte[] buffer = bytes(r, 100);
      byte[][] info = new byte[parts][];
      for (int i = 0; i < parts; i++) {
        info[i] = bytes(r, r.nextInt(70));
      }
      for (int length : new int[] {16, 32, 300}) {
        assertThat(Hkdf.derive(ikm, buffer, 6, 32, length, info))
            .isEqualTo(Hkdf.derive(ikm, Arrays.copyOfRange(buffer, 6, 38), Bytes.concat(info), length));
        assertThat(Hkdf.derive(ikm, buffer, 6, 0, length, info))
            .isEqualTo(Hkdf.derive(ikm, null, Bytes.concat(info), length));
      }
    }
  }

  @Test
  void failureHalfwayThroughADerivation_doesNotAffectTheNextCallOnTheThread() throws Exception {
    byte[] ikm = new byte[32];
    byte[] salt = new byte[32];
    Arrays.fill(salt, (byte) 5);
    byte[] info = "info".getBytes();
    // A null array of info parts fails inside the expand loop, after the Mac has been keyed
    // with the salt, fed the IKM, re-keyed with the PRK and fed T(0).
    assertThatThrownBy(() -> Hkdf.derive(ikm, salt, 0, 32, 64, (byte[][]) null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Hkdf.derive(ikm, salt, info, 64)).isEqualTo(reference(ikm, salt, info, 64));
    assertThat(Hmac.sha256(salt, info)).isEqualTo(hmac(salt, info));
    assertThatThrownBy(() -> Hkdf.expand(new byte[31], info, 32))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hkdf.derive(ikm, salt, info, Hkdf.MAX_OUTPUT + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Hkdf.derive(ikm, salt, info, 64)).isEqualTo(reference(ikm, salt, info, 64));
  }

  @Test
  void afterACall_theThreadsMacHoldsOnlyTheConstantKey() throws Exception {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 0x42);
    byte[] probe = "probe".getBytes();
    byte[] underConstant = hmac(new byte[0], probe);

    Hkdf.derive(secret, secret, probe, 32);
    assertThat(Hmac.thisThreadsMac().doFinal(probe)).isEqualTo(underConstant);
    Hmac.sha256(secret, probe);
    assertThat(Hmac.thisThreadsMac().doFinal(probe)).isEqualTo(underConstant);
    Hkdf.expand(secret, probe, 32);
    assertThat(Hmac.thisThreadsMac().doFinal(probe)).isEqualTo(underConstant);
    assertThatThrownBy(() -> Hkdf.derive(secret, secret, 0, 32, 64, (byte[][]) null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Hmac.thisThreadsMac().doFinal(probe)).isEqualTo(underConstant);
  }

  @Test
  void concurrentThreads_getTheReferenceResults() throws Exception {
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        done.add(
            pool.submit(
                () -> {
                  Random r = new Random(seed);
                  start.await(10, TimeUnit.SECONDS);
                  int checked = 0;
                  for (int i = 0; i < 500; i++) {
                    byte[] ikm = bytes(r, 32);
                    byte[] salt = bytes(r, 32);
                    byte[] info = bytes(r, r.nextInt(100));
                    int length = 1 + r.nextInt(100);
                    assertThat(Hkdf.derive(ikm, salt, info, length))
                        .isEqualTo(reference(ikm, salt, info, length));
                    assertThat(Hmac.sha256(ikm, info)).isEqualTo(hmac(ikm, info));
                    checked++;
                  }
                  return checked;
                }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
