package io.veilnet.kademlia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.kademlia.internal.Ed25519Verifier;
import io.veilnet.kademlia.internal.RecordValidator;
import io.veilnet.kademlia.testing.TestRecords;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NodeRecordTest {
  static final long NOW = 1_700_000_000_000L;
  final NodeIdentity id = TestRecords.identity(7);

  @Test
  void encodeDecode_roundTripsAndStaysUnderCap() throws Exception {
    NodeRecord r = TestRecords.record(id, "127.0.0.1", 4000, 5, NOW);
    byte[] enc = r.encode();
    assertThat(enc.length).isEqualTo(158).isLessThanOrEqualTo(NodeRecord.MAX_ENCODED);
    NodeRecord back = NodeRecord.decode(enc);
    assertThat(back).isEqualTo(r);
    assertThat(back.nodeId()).isEqualTo(id.nodeId());
    assertThat(back.udpAddress().getPort()).isEqualTo(4000);
    NodeRecord v6 = TestRecords.record(id, "::1", 4000, 5, NOW);
    assertThat(NodeRecord.decode(v6.encode()).host()).isEqualTo(InetAddress.getByName("::1"));
    assertThat(v6.isLoopback()).isTrue();
  }

  @Test
  void decode_rejectsOversizedTruncatedAndUnknownVersion() {
    byte[] enc = TestRecords.record(id, "127.0.0.1", 4000, 5, NOW).encode();
    assertThatThrownBy(() -> NodeRecord.decode(new byte[1001])).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> NodeRecord.decode(java.util.Arrays.copyOf(enc, enc.length - 1)))
        .isInstanceOf(DecodeException.class);
    byte[] v2 = enc.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> NodeRecord.decode(v2)).isInstanceOf(DecodeException.class)
        .hasMessageContaining("version");
  }

  @Test
  void validator_acceptsGoodAndCountsEachRejection() {
    RecordValidator v = new RecordValidator(Ed25519Verifier.INSTANCE, 0, 60_000);
    NodeRecord good = TestRecords.record(id, "10.0.0.1", 4000, 5, NOW);
    assertThat(v.check(good, NOW + 1_000)).isNull();

    byte[] badSig = good.signature();
    badSig[3] ^= 1;
    assertThat(v.check(good.withSignature(badSig), NOW)).isEqualTo(RecordRejection.BAD_SIGNATURE);
    assertThat(v.check(good, NOW + 3_600_000)).isEqualTo(RecordRejection.STALE);
    NodeRecord future = TestRecords.record(id, "10.0.0.1", 4000, 5, NOW + 120_000);
    assertThat(v.check(future, NOW)).isEqualTo(RecordRejection.FUTURE_DATED);
    assertThat(v.check(future, NOW + 100_000)).isNull(); // within skew

    int difficulty = 0;
    while (id.nodeId().satisfiesPuzzle(difficulty + 1)) {
      difficulty++;
    }
    RecordValidator strict = new RecordValidator(Ed25519Verifier.INSTANCE, difficulty + 1, 60_000);
    assertThat(strict.check(good, NOW)).isEqualTo(RecordRejection.PUZZLE_INVALID);

    assertThat(v.rejected(RecordRejection.BAD_SIGNATURE)).isEqualTo(1);
    assertThat(v.rejected(RecordRejection.STALE)).isEqualTo(1);
    assertThat(v.rejected(RecordRejection.FUTURE_DATED)).isEqualTo(1);
    assertThat(strict.rejected(RecordRejection.PUZZLE_INVALID)).isEqualTo(1);
    assertThat(v.accepted()).isEqualTo(2);
  }

  @Test
  void recordSignedByAnotherKey_failsVerification() {
    NodeIdentity other = TestRecords.identity(9);
    NodeRecord r = TestRecords.record(id, "10.0.0.1", 4000, 5, NOW);
    NodeRecord forged = r.withSignature(other.sign(r.signedBytes()));
    assertThat(new RecordValidator(Ed25519Verifier.INSTANCE, 0, 0).check(forged, NOW))
        .isEqualTo(RecordRejection.BAD_SIGNATURE);
  }

  @Test
  void invalidConstructorArguments_areRejected() throws Exception {
    InetAddress h = InetAddress.getLoopbackAddress();
    byte[] k = new byte[32];
    byte[] s = new byte[64];
    assertThatThrownBy(() -> new NodeRecord(new byte[31], k, h, 1, 1, 1, 1, 1, s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeRecord(k, k, h, 70_000, 1, 1, 1, 1, s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeRecord(k, k, h, 1, 1, -1, 1, 1, s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeRecord(k, k, h, 1, 1, 1, 1, 0, s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeRecord(k, k, h, 1, 1, 1, 1, 1, new byte[63]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeRecord(k, k, null, 1, 1, 1, 1, 1, s))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identity_solvesPuzzleAndHidesKeys() {
    try (NodeIdentity n = NodeIdentity.generate(6, new java.security.SecureRandom())) {
      assertThat(n.nodeId().satisfiesPuzzle(6)).isTrue();
      assertThat(n.toString()).contains("redacted");
    }
  }
}
