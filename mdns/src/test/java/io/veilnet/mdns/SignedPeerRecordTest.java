package io.veilnet.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.Ed25519PrivateKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SignedPeerRecordTest {
  private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(new byte[32]);
  private static final RecordVerifier VERIFIER = SignedPeerRecord.verifier();

  private static List<InetSocketAddress> endpoints() throws Exception {
    return List.of(new InetSocketAddress(InetAddress.getByName("192.168.1.20"), 4000),
        new InetSocketAddress(InetAddress.getByName("fe80::1"), 4001));
  }

  @Test
  void signedRecord_verifies_toKeyHashEndpointsAndSeq() throws Exception {
    byte[] record = SignedPeerRecord.sign(KEY, 42, endpoints());
    VerifiedPeer peer = VERIFIER.verify(record).orElseThrow();
    byte[] expectedId = MessageDigest.getInstance("SHA-256").digest(KEY.publicKey().bytes());
    assertThat(peer.peerId()).isEqualTo(expectedId).isEqualTo(SignedPeerRecord.peerId(KEY.publicKey()));
    assertThat(peer.endpoints()).isEqualTo(endpoints());
    assertThat(peer.seq()).isEqualTo(42);
  }

  @Test
  void everySingleBitFlip_isRejected() throws Exception {
    byte[] record = SignedPeerRecord.sign(KEY, 1, endpoints());
    for (int i = 0; i < record.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = record.clone();
        bad[i] ^= (byte) (1 << bit);
        assertThat(VERIFIER.verify(bad)).as("flip byte %d bit %d", i, bit).isEmpty();
      }
    }
  }

  @Test
  void truncatedExtendedUnsignedOrForeignRecords_areRejected() throws Exception {
    byte[] record = SignedPeerRecord.sign(KEY, 1, endpoints());
    assertThat(VERIFIER.verify(Arrays.copyOf(record, record.length - 1))).isEmpty();
    assertThat(VERIFIER.verify(Arrays.copyOf(record, record.length + 1))).isEmpty();
    assertThat(VERIFIER.verify(new byte[0])).isEmpty();
    byte[] unsigned = record.clone();
    Arrays.fill(unsigned, record.length - 64, record.length, (byte) 0);
    assertThat(VERIFIER.verify(unsigned)).isEmpty();
    // signature by another key over the same body
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(new SecureRandom());
    byte[] theirs = SignedPeerRecord.sign(other, 1, endpoints());
    byte[] spliced = record.clone();
    System.arraycopy(theirs, theirs.length - 64, spliced, spliced.length - 64, 64);
    assertThat(VERIFIER.verify(spliced)).isEmpty();
  }

  @Property(tries = 500)
  void garbage_isRejected_neverThrows(@ForAll @Size(max = 400) byte[] garbage) {
    assertThat(VERIFIER.verify(garbage)).isEmpty();
  }

  @Property(tries = 200)
  void anySeqAndPort_roundTrips(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int seq,
      @ForAll @IntRange(min = 1, max = 65535) int port) throws Exception {
    List<InetSocketAddress> eps = List.of(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), port));
    VerifiedPeer peer = VERIFIER.verify(SignedPeerRecord.sign(KEY, seq, eps)).orElseThrow();
    assertThat(peer.seq()).isEqualTo(seq);
    assertThat(peer.endpoints()).isEqualTo(eps);
  }

  @Test
  void invalidArguments_areRefused() throws Exception {
    InetAddress a = InetAddress.getByName("10.0.0.1");
    assertThatThrownBy(() -> SignedPeerRecord.sign(KEY, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
    assertThatThrownBy(() -> SignedPeerRecord.sign(KEY, 1, List.of(new InetSocketAddress(a, 0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> SignedPeerRecord.sign(KEY, 1,
        List.of(InetSocketAddress.createUnresolved("example.org", 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("literal");
    assertThatThrownBy(() -> SignedPeerRecord.sign(KEY, 1,
        Collections.nCopies(SignedPeerRecord.MAX_ENDPOINTS + 1, new InetSocketAddress(a, 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoints");
    assertThatThrownBy(() -> SignedPeerRecord.sign(null, 1, List.of()))
        .isInstanceOf(NullPointerException.class);
  }
}
