package io.veilnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedKeyServiceTest {
  private static final byte[] SEED = Bytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  private static List<byte[]> nodes(int n) {
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(("node-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return ids;
  }

  private static SimulatedKeyService service(List<byte[]> nodes, int t) {
    try (SymmetricKey seed = SymmetricKey.of(SEED)) {
      return SimulatedKeyService.create(seed, nodes, t);
    }
  }

  @Test
  void sameFileId_givesSameKey_evenFromAnotherInstanceWithNodesInAnotherOrder() {
    List<byte[]> a = nodes(5);
    List<byte[]> b = new ArrayList<>(a);
    java.util.Collections.reverse(b);
    try (SimulatedKeyService s1 = service(a, 3); SimulatedKeyService s2 = service(b, 3);
        SymmetricKey k1 = s1.requestFileKey(new byte[] {1, 2, 3});
        SymmetricKey k2 = s2.requestFileKey(new byte[] {1, 2, 3});
        SymmetricKey other = s1.requestFileKey(new byte[] {1, 2, 4})) {
      assertThat(k1).isEqualTo(k2);
      assertThat(k1).isNotEqualTo(other);
    }
  }

  @Test
  void fileKey_dependsOnTheNodeSetAndSeed() {
    try (SimulatedKeyService s5 = service(nodes(5), 3); SimulatedKeyService s6 = service(nodes(6), 3);
        SymmetricKey otherSeed = SymmetricKey.random();
        SimulatedKeyService sx = SimulatedKeyService.create(otherSeed, nodes(5), 3);
        SymmetricKey a = s5.requestFileKey(new byte[] {9});
        SymmetricKey b = s6.requestFileKey(new byte[] {9});
        SymmetricKey c = sx.requestFileKey(new byte[] {9})) {
      assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    }
  }

  @Test
  void ephemeralKeys_areUnique() {
    try (SimulatedKeyService s = service(nodes(3), 2)) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        try (SymmetricKey k = s.generateEphemeralKey()) {
          assertThat(k.length()).isEqualTo(32);
          assertThat(seen.add(Bytes.toHex(k.bytes()))).isTrue();
        }
      }
    }
  }

  @Test
  void anyThresholdOfShares_reconstructsTheFileKey_andFewerIsAClearError() {
    byte[] fileId = "file-42".getBytes(StandardCharsets.UTF_8);
    try (SimulatedKeyService s = service(nodes(6), 4); SymmetricKey key = s.requestFileKey(fileId)) {
      List<SecretShare> shares = s.fileKeyShares(fileId);
      assertThat(shares).hasSize(6);
      try (SymmetricKey rebuilt = s.reconstructKey(shares.subList(2, 6))) {
        assertThat(rebuilt).isEqualTo(key);
      }
      try (SymmetricKey rebuilt = s.reconstructKey(List.of(shares.get(5), shares.get(0), shares.get(3), shares.get(1)))) {
        assertThat(rebuilt).isEqualTo(key);
      }
      assertThatThrownBy(() -> s.reconstructKey(shares.subList(0, 3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("need 4 shares");
    }
  }

  @Test
  void invalidArguments_areClearErrors() {
    try (SymmetricKey seed = SymmetricKey.of(SEED)) {
      assertThatThrownBy(() -> SimulatedKeyService.create(seed, nodes(3), 4)).hasMessageContaining("threshold must be 1..3");
      assertThatThrownBy(() -> SimulatedKeyService.create(seed, nodes(3), 0)).hasMessageContaining("threshold");
      assertThatThrownBy(() -> SimulatedKeyService.create(seed, List.of(), 1)).hasMessageContaining("node ids");
      assertThatThrownBy(() -> SimulatedKeyService.create(SymmetricKey.of(new byte[16]), nodes(3), 1))
          .hasMessageContaining("32 bytes");
      try (SimulatedKeyService s = SimulatedKeyService.create(seed, nodes(3), 1)) {
        assertThatThrownBy(() -> s.requestFileKey(new byte[0])).hasMessageContaining("file id");
        assertThatThrownBy(() -> s.requestFileKey(null)).hasMessageContaining("file id");
      }
    }
  }
}
