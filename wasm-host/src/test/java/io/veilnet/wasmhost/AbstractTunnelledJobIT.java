package io.veilnet.wasmhost;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.SymmetricKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A tunnelled job end to end: every buffer the host holds (queued input, returned output, the
 * result and error objects' text) is captured and searched for the plaintext.
 */
abstract class AbstractTunnelledJobIT {
  abstract RuntimeKind kind();

  private static final String SECRET_IN = "attack at dawn; the vault code is 271828";
  private static final String SECRET_OUT = SECRET_IN.toUpperCase(java.util.Locale.ROOT);

  @Test
  void tunnelledJob_plaintextAppearsInNoHostVisibleBuffer() {
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    List<String> texts = new CopyOnWriteArrayList<>();
    try (SymmetricKey key = SymmetricKey.random(16, new SecureRandom());
        WasmSandbox sandbox = WasmSandbox.builder().runtime(kind()).workers(2).queueCapacity(4)
            .hostBufferTap(seen::add).build()) {
      IoTunnel tunnel = IoTunnels.aesGcm(key);
      byte[] sealedIn = tunnel.encrypt(SECRET_IN.getBytes(UTF_8));
      WasmJob job = WasmJob.of(Fixtures.wasm("echo_upper")).input(sealedIn).tunnel(tunnel);
      texts.add(job.toString());
      JobResult r = sandbox.execute(job).block(Duration.ofSeconds(60));
      texts.add(r.toString());
      seen.add(r.output());
      assertThat(r.encrypted()).isTrue();
      assertThat(r.output()).hasSize(12 + 1024 + 16);
      assertThat(new String(tunnel.decrypt(r.output()), UTF_8)).isEqualTo(SECRET_OUT);

      // chunked, tunnelled
      WasmJob chunks = WasmJob.of(Fixtures.wasm("echo_upper")).tunnel(tunnel)
          .chunks(List.of(tunnel.encrypt(SECRET_IN.getBytes(UTF_8)), tunnel.encrypt("b".getBytes(UTF_8))));
      List<JobResult> results = sandbox.executeChunks(chunks).collectList().block(Duration.ofSeconds(60));
      assertThat(results).extracting(JobResult::chunk).containsExactly(0, 1);
      results.forEach(x -> {
        seen.add(x.output());
        texts.add(x.toString());
      });
      assertThat(new String(tunnel.decrypt(results.get(1).output()), UTF_8)).isEqualTo("B");

      // a failing tunnelled job does not leak either
      WasmJob trap = WasmJob.of(Fixtures.wasm("trap")).input(tunnel.encrypt(SECRET_IN.getBytes(UTF_8))).tunnel(tunnel);
      assertThatThrownBy(() -> sandbox.execute(trap).block(Duration.ofSeconds(60)))
          .isInstanceOfSatisfying(WasmTrapException.class, e -> texts.add(String.valueOf(e.getMessage())));
    }
    assertThat(seen).hasSizeGreaterThanOrEqualTo(7);
    for (byte[] b : seen) {
      assertThat(indexOf(b, SECRET_IN.getBytes(UTF_8))).as("plaintext input in a host buffer").isEqualTo(-1);
      assertThat(indexOf(b, SECRET_OUT.getBytes(UTF_8))).as("plaintext output in a host buffer").isEqualTo(-1);
    }
    for (String t : texts) {
      assertThat(t).doesNotContain(SECRET_IN).doesNotContain(SECRET_OUT);
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
