package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import io.veilnet.kademlia.testing.TestRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The messages whose encodings {@code docs/protocol.md} lists as golden vectors. */
final class GoldenVectors {
  static final long T = 1_700_000_000_000L;
  static final long ID = 0x0102030405060708L;

  private GoldenVectors() {}

  static NodeRecord record() {
    NodeIdentity id = TestRecords.identity(1);
    return TestRecords.record(id, "127.0.0.1", 4000, 1, T);
  }

  static ValueRecord value() {
    NodeIdentity id = TestRecords.identity(1);
    return id.signValue("name".getBytes(StandardCharsets.US_ASCII),
        "hello".getBytes(StandardCharsets.US_ASCII), 1, T + 3_600_000);
  }

  static NodeId key() {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) 0x11);
    return NodeId.of(k);
  }

  /** Name to message, in the order of the document. */
  static Map<String, Message> messages() {
    Map<String, Message> m = new LinkedHashMap<>();
    NodeRecord r = record();
    m.put("ping", new Message.Ping(ID, null));
    m.put("ping-with-record", new Message.Ping(ID, r));
    m.put("pong", new Message.Pong(ID, 42));
    m.put("find-node", new Message.FindNode(ID, key()));
    m.put("nodes", new Message.Nodes(ID, List.of(r)));
    m.put("find-value", new Message.FindValue(ID, key()));
    m.put("value-found", new Message.Value(ID, value(), List.of()));
    m.put("value-miss", new Message.Value(ID, null, List.of(r)));
    m.put("store", new Message.Store(ID, value()));
    m.put("add-provider", new Message.AddProvider(ID, key(), r));
    m.put("get-providers", new Message.GetProviders(ID, key()));
    m.put("providers", new Message.Providers(ID, List.of(r), List.of()));
    m.put("ack", new Message.Ack(ID, Message.Status.OK));
    return m;
  }
}
