package io.veilnet.kademlia.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.crypto.Bytes;
import io.veilnet.kademlia.DecodeException;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

  /** Reads {@code <!-- vector:name -->} followed by a fenced hex block from docs/protocol.md. */
  static Map<String, byte[]> documentedVectors() throws IOException {
    Path doc = Path.of("..", "docs", "protocol.md");
    String text = Files.readString(doc);
    Map<String, byte[]> out = new HashMap<>();
    Matcher m = Pattern.compile("<!-- vector:([a-z0-9-]+) -->\\s*```hex\\n([0-9a-f\\s]+)```")
        .matcher(text);
    while (m.find()) {
      out.put(m.group(1), Bytes.fromHex(m.group(2).replaceAll("\\s", "")));
    }
    return out;
  }

  @Test
  void goldenVectors_inProtocolDoc_matchEncoderAndDecoder() throws IOException {
    Map<String, byte[]> doc = documentedVectors();
    StringBuilder actual = new StringBuilder();
    List<String> mismatches = new ArrayList<>();
    byte[] rec = GoldenVectors.record().encode();
    check("node-record", rec, doc, mismatches, actual);
    assertThat(NodeRecord.decode(doc.getOrDefault("node-record", rec))).isEqualTo(GoldenVectors.record());
    check("value-record", GoldenVectors.value().encode(), doc, mismatches, actual);
    for (Map.Entry<String, Message> e : GoldenVectors.messages().entrySet()) {
      byte[] enc = MessageCodec.encode(e.getValue());
      check(e.getKey(), enc, doc, mismatches, actual);
      if (doc.containsKey(e.getKey())) {
        assertThat(MessageCodec.decode(doc.get(e.getKey()))).isEqualTo(e.getValue());
      }
    }
    assertThat(mismatches).as("vectors differ or are missing; actual:\n" + actual).isEmpty();
  }

  private static void check(String name, byte[] enc, Map<String, byte[]> doc, List<String> bad,
      StringBuilder actual) {
    actual.append("<!-- vector:").append(name).append(" -->\n```hex\n");
    String hex = Bytes.toHex(enc);
    for (int i = 0; i < hex.length(); i += 64) {
      actual.append(hex, i, Math.min(hex.length(), i + 64)).append('\n');
    }
    actual.append("```\n");
    if (!doc.containsKey(name) || !java.util.Arrays.equals(doc.get(name), enc)) {
      bad.add(name);
    }
  }

  @Test
  void everyMessage_roundTrips() {
    for (Message m : GoldenVectors.messages().values()) {
      byte[] enc = MessageCodec.encode(m);
      assertThat(enc).hasSize(MessageCodec.encodedLength(m));
      assertThat(MessageCodec.decode(enc)).isEqualTo(m);
    }
  }

  @Test
  void unknownVersionTypeAndTrailingBytes_areDecodeErrors() {
    byte[] ping = MessageCodec.encode(new Message.Ping(1, null));
    byte[] v = ping.clone();
    v[0] = 9;
    assertThatThrownBy(() -> MessageCodec.decode(v)).isInstanceOf(DecodeException.class)
        .hasMessageContaining("version");
    byte[] t = ping.clone();
    t[1] = 0x7f;
    assertThatThrownBy(() -> MessageCodec.decode(t)).isInstanceOf(DecodeException.class)
        .hasMessageContaining("type");
    byte[] longer = java.util.Arrays.copyOf(ping, ping.length + 1);
    assertThatThrownBy(() -> MessageCodec.decode(longer)).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> MessageCodec.decode(new byte[MessageCodec.MAX_MESSAGE + 1]))
        .isInstanceOf(DecodeException.class).hasMessageContaining("too long");
  }

  @Test
  void oversizedNodeList_isRejectedBeforeAllocation() {
    byte[] b = new byte[11];
    b[0] = 1;
    b[1] = MessageCodec.NODES;
    b[10] = (byte) 200;
    assertThatThrownBy(() -> MessageCodec.decode(b)).isInstanceOf(DecodeException.class)
        .hasMessageContaining("too many");
  }

  @Test
  void encoder_refusesListsOverTheCap() {
    List<NodeRecord> many = Collections.nCopies(MessageCodec.MAX_NODES + 1, GoldenVectors.record());
    assertThatThrownBy(() -> MessageCodec.encode(new Message.Nodes(1, many)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valueRecord_keyIsBoundToOwnerAndName() {
    ValueRecord v = GoldenVectors.value();
    assertThat(v.key()).isEqualTo(ValueRecord.keyOf(v.owner(), "name".getBytes()));
    assertThat(ValueRecord.decode(v.encode())).isEqualTo(v);
    assertThat(Ed25519Verifier.INSTANCE.verify(v.owner(), v.signedBytes(), v.signature())).isTrue();
  }
}
