package io.veilnet.jmh.wasm;

import io.veilnet.crypto.SymmetricKey;
import io.veilnet.jmh.AbstractMicrobenchmark;
import io.veilnet.wasmhost.IoTunnel;
import io.veilnet.wasmhost.IoTunnels;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * What the I/O tunnel adds to a job: decrypt the input and encrypt the output (AES-128-GCM,
 * 1 KiB padding blocks), for 1 KiB and 1 MiB.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WasmTunnelBenchmark extends AbstractMicrobenchmark {
  @Param({"1024", "1048576"})
  public int size;

  private IoTunnel tunnel;
  private byte[] plaintext;
  private byte[] sealed;

  @Setup
  public void setup() {
    SecureRandom r = new SecureRandom();
    tunnel = IoTunnels.aesGcm(SymmetricKey.random(16, r));
    plaintext = new byte[size];
    r.nextBytes(plaintext);
    sealed = tunnel.encrypt(plaintext);
  }

  /** The per-job overhead: one decrypt of the input plus one encrypt of an output of the same size. */
  @Benchmark
  public int decryptInputEncryptOutput() {
    byte[] in = tunnel.decrypt(sealed);
    return tunnel.encrypt(in).length;
  }
}
