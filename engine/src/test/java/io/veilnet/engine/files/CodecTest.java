package io.veilnet.engine.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.CesConfig;
import io.veilnet.crypto.DecryptionException;
import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.SymmetricKey;
import io.veilnet.engine.files.internal.FileMeta;
import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.files.internal.ManifestPage;
import io.veilnet.engine.files.internal.ManifestTableBuilder;
import io.veilnet.engine.files.internal.Sha256;
import io.veilnet.kademlia.ValueRecord;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Record, manifest, page and metadata formats; table chunking; config checks. */
class CodecTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void records_verify_andBindTheFileIdToTheOwner() {
    try (Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
        Ed25519PrivateKey other = Ed25519PrivateKey.generate(RANDOM)) {
      byte[] name = new byte[32];
      ValueRecord r = Records.sign(key, name, 3, 1000, "value".getBytes());
      ValueRecord back = ValueRecord.decode(r.encode());
      assertThat(Records.verify(back)).isTrue();
      assertThat(back.key().toBytes()).isEqualTo(Records.fileId(key.publicKey(), name).bytes());
      assertThat(Records.fileId(other.publicKey(), name)).isNotEqualTo(Records.fileId(key.publicKey(), name));
      byte[] enc = r.encode();
      for (int i = 0; i < enc.length; i++) {
        byte[] bad = enc.clone();
        bad[i] ^= 1;
        boolean rejected;
        try {
          rejected = !Records.verify(ValueRecord.decode(bad));
        } catch (RuntimeException e) {
          rejected = true;
        }
        assertThat(rejected).as("flipped byte %d", i).isTrue();
      }
      // A record re-signed by someone else lands under another key.
      ValueRecord forged = Records.sign(other, name, 4, 1000, "evil".getBytes());
      assertThat(forged.key()).isNotEqualTo(r.key());
    }
  }

  @Test
  void manifest_roundTrips_andRejectsMismatchedTable() {
    List<byte[]> table = List.of(new byte[6 * 32], new byte[6 * 32]);
    Manifest m = new Manifest(new byte[32], CesConfig.defaults(), 262_208, 2, 1, new byte[50], 0, table);
    Manifest back = Manifest.decode(m.encode());
    assertThat(back.ces()).isEqualTo(CesConfig.defaults());
    assertThat(back.segmentCount()).isEqualTo(2);
    assertThat(back.table()).hasSize(2);
    assertThat(back.encode()).isEqualTo(m.encode());
    byte[] enc = m.encode();
    assertThatThrownBy(() -> Manifest.decode(Arrays.copyOf(enc, enc.length - 1))).isInstanceOf(IllegalArgumentException.class);
    byte[] magic = enc.clone();
    magic[0] = 'X';
    assertThatThrownBy(() -> Manifest.decode(magic)).hasMessageContaining("magic");
    assertThatThrownBy(() -> ManifestPage.decode(new byte[] {'V', 'N', 'P', '1', 0, 0, 0, 0, 2}, 192))
        .hasMessageContaining("does not match");
  }

  @Test
  void fileMeta_opensOnlyWithTheRightKeyAndFile() {
    byte[] fid = new byte[32];
    try (SymmetricKey k = SymmetricKey.random(); SymmetricKey other = SymmetricKey.random()) {
      byte[] sealed = new FileMeta(42, new byte[32], "name ✓").seal(k, fid);
      assertThat(FileMeta.open(sealed, k, fid).name()).isEqualTo("name ✓");
      assertThat(FileMeta.open(sealed, k, fid).length()).isEqualTo(42);
      assertThatThrownBy(() -> FileMeta.open(sealed, other, fid)).isInstanceOf(DecryptionException.class);
      byte[] fid2 = new byte[32];
      fid2[0] = 1;
      assertThatThrownBy(() -> FileMeta.open(sealed, k, fid2)).isInstanceOf(DecryptionException.class);
    }
  }

  /** Whatever the segment count and page size, walking the built tree yields the entries in order. */
  @Property(tries = 60)
  void tableBuilder_treeHoldsEveryEntryInOrder(
      @ForAll @IntRange(min = 0, max = 3000) int segments,
      @ForAll @IntRange(min = 500, max = 5000) int pageSize,
      @ForAll @IntRange(min = 64, max = 4000) int rootBudget) {
    int entrySize = 6 * 32;
    if (pageSize - ManifestPage.HEADER < 2 * 32 || pageSize - ManifestPage.HEADER < entrySize) {
      return;
    }
    ManifestTableBuilder b = new ManifestTableBuilder(entrySize, pageSize, rootBudget);
    Map<ByteBuffer, byte[]> pages = new HashMap<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < segments; i++) {
      byte[] e = new byte[entrySize];
      ByteBuffer.wrap(e).putInt(i);
      expected.add(e);
      for (byte[] p : b.add(e)) {
        assertThat(p.length).isLessThanOrEqualTo(pageSize);
        pages.put(ByteBuffer.wrap(Sha256.digest(p)), p);
      }
    }
    ManifestTableBuilder.Table t = b.finish();
    for (byte[] p : t.pagesToStore()) {
      assertThat(p.length).isLessThanOrEqualTo(pageSize);
      pages.put(ByteBuffer.wrap(Sha256.digest(p)), p);
    }
    assertThat((long) t.entries().size() * (t.level() == 0 ? entrySize : 32)).isLessThanOrEqualTo(rootBudget);
    List<byte[]> walked = new ArrayList<>();
    walk(t.level(), t.entries(), pages, entrySize, walked);
    assertThat(walked).hasSize(segments);
    for (int i = 0; i < segments; i++) {
      assertThat(walked.get(i)).isEqualTo(expected.get(i));
    }
  }

  private static void walk(int level, List<byte[]> entries, Map<ByteBuffer, byte[]> pages, int entrySize, List<byte[]> out) {
    if (level == 0) {
      out.addAll(entries);
      return;
    }
    for (byte[] id : entries) {
      ManifestPage p = ManifestPage.decode(pages.get(ByteBuffer.wrap(id)), entrySize);
      assertThat(p.level()).isEqualTo(level - 1);
      walk(p.level(), p.entries(), pages, entrySize, out);
    }
  }

  @Test
  void config_rejectsEveryInvalidValue() {
    assertThatThrownBy(() -> FileServiceConfig.builder().segmentsInFlight(0).build()).hasMessageContaining("segmentsInFlight");
    assertThatThrownBy(() -> FileServiceConfig.builder().segmentsInFlight(257).build()).hasMessageContaining("segmentsInFlight");
    assertThatThrownBy(() -> FileServiceConfig.builder().placementCandidates(5).build()).hasMessageContaining("placementCandidates");
    assertThatThrownBy(() -> FileServiceConfig.builder().pageReplicas(0).build()).hasMessageContaining("pageReplicas");
    assertThatThrownBy(() -> FileServiceConfig.builder().manifestPageSize(100).build()).hasMessageContaining("manifestPageSize");
    assertThatThrownBy(() -> FileServiceConfig.builder().recordTtl(Duration.ZERO).build()).hasMessageContaining("recordTtl");
    assertThatThrownBy(() -> FileServiceConfig.builder().recordTtl(Duration.ofDays(8)).build()).hasMessageContaining("at most");
    assertThatThrownBy(() -> FileServiceConfig.builder().operationTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("operationTimeout");
    assertThatThrownBy(() -> FileServiceConfig.builder().ces(null)).isInstanceOf(NullPointerException.class);
    assertThat(FileServiceConfig.defaults().toBuilder().build().segmentsInFlight()).isEqualTo(4);
  }

  @Test
  void ids_checkLengthAndHex() {
    assertThatThrownBy(() -> FileId.of(new byte[31])).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> NodeId.fromHex("abc")).hasMessageContaining("64 hex");
    ContentId c = ContentId.ofContent(new byte[] {1, 2, 3});
    assertThat(c.matches(new byte[] {1, 2, 3})).isTrue();
    assertThat(c.matches(new byte[] {1, 2, 4})).isFalse();
    assertThat(ContentId.fromHex(c.toHex())).isEqualTo(c);
  }

  @Test
  void builder_requiresNetworkKeysAndSigner() {
    assertThatThrownBy(() -> DefaultFileService.builder().build()).hasMessageContaining("network");
  }
}
