package io.veilnet.jmh.aead;

import io.veilnet.crypto.Aead;
import io.veilnet.crypto.AeadAlgorithm;
import io.veilnet.crypto.Aeads;
import io.veilnet.crypto.SymmetricKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Not a JMH benchmark: 1 MiB AES-256-GCM seal+open per CPU time, as a node meets it — after many
 * small (16 KiB) messages, then occasional large ones. A = one JDK {@code doFinal} each way (the
 * {@code Aeads} code before the large-input paths), B = {@code Aeads} now. Both in one JVM,
 * alternating rounds of 8 calls; argument {@code jdk-only} or {@code aeads-only} runs one side
 * (A's uncompiled large-call path can deoptimise code B shares). Run with
 * {@code java -cp jmh/target/benchmarks.jar io.veilnet.jmh.aead.LargeGcmCheck [jdk-only|aeads-only]}.
 */
public final class LargeGcmCheck {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int SIZE = 1 << 20;
  private static long sink;

  private LargeGcmCheck() {}

  public static void main(String[] args) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] keyBytes = new byte[32];
    random.nextBytes(keyBytes);
    SymmetricKey key = SymmetricKey.of(keyBytes);
    Aead aead = Aeads.create(AeadAlgorithm.AES_256_GCM, key);
    SecretKeySpec spec = new SecretKeySpec(keyBytes, "AES");
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] aad = new byte[16];
    byte[] small = new byte[16 * 1024];
    long until = System.nanoTime() + 3_000_000_000L;
    for (int i = 0; i < 1_000_000 && System.nanoTime() < until; i++) {
      byte[] ct = aead.encrypt(small, aad);
      sink += aead.decrypt(ct, aad).length;
    }
    byte[] pt = new byte[SIZE];
    random.nextBytes(pt);
    byte[] nonce = new byte[12];
    System.out.println("| round | one doFinal (ms CPU / MiB seal+open) | Aeads (ms CPU / MiB seal+open) |");
    System.out.println("|---|---:|---:|");
    boolean runA = args.length == 0 || !args[0].equals("aeads-only");
    boolean runB = args.length == 0 || !args[0].equals("jdk-only");
    for (int round = 0; round < 6; round++) {
      long a = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < 8 && runA; i++) {
        random.nextBytes(nonce);
        jdk.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
        jdk.updateAAD(aad);
        byte[] ct = jdk.doFinal(pt);
        jdk.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
        jdk.updateAAD(aad);
        sink += jdk.doFinal(ct).length;
      }
      long b = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < 8 && runB; i++) {
        sink += aead.decrypt(aead.encrypt(pt, aad), aad).length;
      }
      long c = THREADS.getCurrentThreadCpuTime();
      System.out.printf("| %d | %.1f | %.2f |%n", round, (b - a) / 8e6, (c - b) / 8e6);
    }
    System.out.println("(checksum " + (sink & 1) + ")");
  }
}
