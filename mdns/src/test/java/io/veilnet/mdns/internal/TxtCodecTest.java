package io.veilnet.mdns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.mdns.SignedPeerRecord;
import io.veilnet.mdns.VerifiedPeer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TxtCodecTest {

  @Test
  void maxRecord_fitsTxtBudget_andEveryStringFitsOneByteLength() throws Exception {
    byte[] record = new byte[TxtCodec.MAX_RECORD_BYTES];
    new SecureRandom().nextBytes(record);
    byte[] txt = TxtCodec.encode(record);
    assertThat(txt.length).isLessThanOrEqualTo(TxtCodec.MAX_TXT_BYTES);
    assertThat(strings(txt)).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
    assertThat(TxtCodec.decode(txt)).isEqualTo(record);
  }

  @Test
  void layout_isVersionCountThenChunks() {
    byte[] txt = TxtCodec.encode(new byte[] {(byte) 0xfb, (byte) 0xff});
    assertThat(strings(txt)).containsExactly("v=1", "n=1", "r0=-_8");
  }

  @Test
  void oversizedOrEmptyRecord_isRefusedOnEncode() {
    assertThatThrownBy(() -> TxtCodec.encode(new byte[TxtCodec.MAX_RECORD_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 950");
    assertThatThrownBy(() -> TxtCodec.encode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void anyRecordUpToTheCap_roundTrips_withinLimits(@ForAll @Size(min = 1, max = 950) byte[] record)
      throws Exception {
    byte[] txt = TxtCodec.encode(record);
    assertThat(txt.length).isLessThanOrEqualTo(TxtCodec.MAX_TXT_BYTES);
    assertThat(strings(txt)).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
    assertThat(TxtCodec.decode(txt)).isEqualTo(record);
  }

  @Property(tries = 1000)
  void randomBytes_neverThrowAnythingButTxtDecodeException(@ForAll @Size(max = 1400) byte[] txt) {
    try {
      byte[] record = TxtCodec.decode(txt);
      assertThat(record.length).isBetween(1, TxtCodec.MAX_RECORD_BYTES);
    } catch (TxtDecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 1000)
  void randomTxtLayouts_neverThrowAnythingButTxtDecodeException(@ForAll("layouts") byte[] txt) {
    try {
      TxtCodec.decode(txt);
    } catch (TxtDecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** A corrupted TXT of a signed record never yields a verified peer other than the original. */
  @Property(tries = 500)
  void corruptedSignedTxt_neverVerifiesAsSomethingElse(
      @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll @IntRange(min = 1, max = 255) int xor)
      throws Exception {
    byte[] record = SignedPeerRecord.sign(KEY, 3,
        List.of(new InetSocketAddress(InetAddress.getByName("10.0.0.7"), 4000)));
    byte[] txt = TxtCodec.encode(record);
    txt[position % txt.length] ^= (byte) xor;
    byte[] decoded;
    try {
      decoded = TxtCodec.decode(txt);
    } catch (TxtDecodeException e) {
      return;
    }
    Optional<VerifiedPeer> peer = SignedPeerRecord.verifier().verify(decoded);
    if (peer.isPresent()) {
      assertThat(decoded).isEqualTo(record); // only a non-canonical spelling of the same bytes
    }
  }

  @Test
  void malformedLayouts_areRejected() {
    String ok = "AQID";
    assertRejected(txt());
    assertRejected(txt("n=1", "r0=" + ok));
    assertRejected(txt("v=2", "n=1", "r0=" + ok));
    assertRejected(txt("v=1", "r0=" + ok));
    assertRejected(txt("v=1", "n=0", "r0=" + ok));
    assertRejected(txt("v=1", "n=7", "r0=" + ok));
    assertRejected(txt("v=1", "n=x", "r0=" + ok));
    assertRejected(txt("v=1", "n=01", "r0=" + ok));
    assertRejected(txt("v=1", "n=2", "r0=" + ok));
    assertRejected(txt("v=1", "n=1", "r0="));
    assertRejected(txt("v=1", "n=1", "r0=AQ+D"));
    assertRejected(txt("v=1", "n=1", "r0=AQI="));
    assertRejected(txt("v=1", "n=1", "r0=AQIDB"));
    assertRejected(txt("v=1", "n=1", "r0=AQ\u00e9D"));
    assertRejected(new byte[] {3, 'v', '=', '1', 9, 'n'}); // length byte overruns the rdata
    assertRejected(new byte[TxtCodec.MAX_TXT_BYTES + 1]);
    List<String> many = new ArrayList<>(List.of("v=1", "n=1", "r0=" + ok));
    for (int i = 0; i < 70; i++) {
      many.add("x");
    }
    assertRejected(txt(many.toArray(String[]::new)));
  }

  @Test
  void rfc6763Rules_caseInsensitiveKeys_firstOccurrenceWins_unknownKeysIgnored() throws Exception {
    assertThat(TxtCodec.decode(txt("V=1", "N=1", "R0=AQID"))).containsExactly(1, 2, 3);
    assertThat(TxtCodec.decode(txt("v=1", "v=2", "n=1", "r0=AQID", "r0=BBBB")))
        .containsExactly(1, 2, 3);
    assertThat(TxtCodec.decode(txt("", "flag", "=x", "zz=top", "v=1", "n=1", "r0=AQID")))
        .containsExactly(1, 2, 3);
    assertThat(TxtCodec.decode(txt("v=1", "n=2", "r1=ID", "r0=AQ"))).containsExactly(1, 2, 3);
  }

  private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(new byte[32]);

  @Provide
  Arbitrary<byte[]> layouts() {
    Arbitrary<String> value = Arbitraries.strings().withChars("AQIDBa-_=+/09xyz").ofMaxLength(260);
    Arbitrary<String> key = Arbitraries.of("v", "n", "r0", "r1", "r2", "r5", "r6", "V", "x", "");
    Arbitrary<String> entry = Arbitraries.oneOf(
        key.flatMap(k -> value.map(v -> k + "=" + v)),
        Arbitraries.of("v=1", "n=1", "n=2", "n=6", "n=9"));
    return entry.list().ofMaxSize(12).map(l -> txtLenient(l.toArray(String[]::new)));
  }

  private static void assertRejected(byte[] txt) {
    assertThatThrownBy(() -> TxtCodec.decode(txt)).isInstanceOf(TxtDecodeException.class);
  }

  private static byte[] txt(String... strings) {
    return txtLenient(strings);
  }

  /** Writes strings as DNS character-strings, truncating any over 255 bytes. */
  private static byte[] txtLenient(String... strings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      b = Arrays.copyOf(b, Math.min(b.length, 255));
      out.write(b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  private static List<String> strings(byte[] txt) {
    List<String> out = new ArrayList<>();
    int pos = 0;
    while (pos < txt.length) {
      int len = txt[pos++] & 0xff;
      out.add(new String(txt, pos, len, StandardCharsets.ISO_8859_1));
      pos += len;
    }
    return out;
  }
}
