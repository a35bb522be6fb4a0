package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.DecodeException;
import io.veilnet.kademlia.NodeId;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.ValueRecord;
import io.veilnet.kademlia.internal.Message.Ack;
import io.veilnet.kademlia.internal.Message.AddProvider;
import io.veilnet.kademlia.internal.Message.FindNode;
import io.veilnet.kademlia.internal.Message.FindValue;
import io.veilnet.kademlia.internal.Message.GetProviders;
import io.veilnet.kademlia.internal.Message.Nodes;
import io.veilnet.kademlia.internal.Message.Ping;
import io.veilnet.kademlia.internal.Message.Pong;
import io.veilnet.kademlia.internal.Message.Providers;
import io.veilnet.kademlia.internal.Message.Store;
import io.veilnet.kademlia.internal.Message.Value;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoder and decoder of {@link Message}. Layout: {@code version u8 = 1 | type u8 | requestId u64
 * | body}; node lists are {@code count u8 | (len u16 | record)*}. Every length is checked against
 * a hard cap before anything is allocated; the only exception the decoder throws is
 * {@link DecodeException}.
 */
public final class MessageCodec {
  public static final int VERSION = 1;
  /** Hard cap on one encoded message (it may span several datagrams). */
  public static final int MAX_MESSAGE = 24 * 1024;
  /** Most node records in one list. */
  public static final int MAX_NODES = 32;

  static final int PING = 0x01;
  static final int PONG = 0x02;
  static final int FIND_NODE = 0x03;
  static final int NODES = 0x04;
  static final int FIND_VALUE = 0x05;
  static final int VALUE = 0x06;
  static final int STORE = 0x07;
  static final int ADD_PROVIDER = 0x09;
  static final int GET_PROVIDERS = 0x0b;
  static final int PROVIDERS = 0x0c;
  static final int ACK = 0x0e;

  private MessageCodec() {}

  public static byte[] encode(Message m) {
    ByteBuffer b = ByteBuffer.allocate(encodedLength(m));
    encodeTo(m, b);
    if (b.hasRemaining()) {
      throw new IllegalStateException("length mismatch encoding " + m.getClass().getSimpleName());
    }
    return b.array();
  }

  /** Exact encoded length of {@code m}. */
  public static int encodedLength(Message m) {
    int body;
    if (m instanceof Ping p) {
      body = 1 + (p.senderRecord() == null ? 0 : 2 + p.senderRecord().encodedLength());
    } else if (m instanceof Pong) {
      body = 8;
    } else if (m instanceof FindNode || m instanceof FindValue || m instanceof GetProviders) {
      body = NodeId.LENGTH;
    } else if (m instanceof Nodes n) {
      body = listLength(n.nodes());
    } else if (m instanceof Value v) {
      body = 1 + (v.value() == null ? 0 : v.value().encodedLength()) + listLength(v.nodes());
    } else if (m instanceof Store s) {
      body = s.value().encodedLength();
    } else if (m instanceof AddProvider a) {
      body = NodeId.LENGTH + 2 + a.provider().encodedLength();
    } else if (m instanceof Providers p) {
      body = listLength(p.providers()) + listLength(p.nodes());
    } else if (m instanceof Ack) {
      body = 1;
    } else {
      throw new IllegalArgumentException("unknown message " + m);
    }
    return 10 + body;
  }

  private static int listLength(List<NodeRecord> list) {
    if (list.size() > MAX_NODES) {
      throw new IllegalArgumentException("at most " + MAX_NODES + " records per list");
    }
    int n = 1;
    for (NodeRecord r : list) {
      n += 2 + r.encodedLength();
    }
    return n;
  }

  public static void encodeTo(Message m, ByteBuffer b) {
    b.put((byte) VERSION).put((byte) typeOf(m)).putLong(m.requestId());
    if (m instanceof Ping p) {
      if (p.senderRecord() == null) {
        b.put((byte) 0);
      } else {
        b.put((byte) 1);
        putRecord(b, p.senderRecord());
      }
    } else if (m instanceof Pong p) {
      b.putLong(p.recordSeq());
    } else if (m instanceof FindNode f) {
      b.put(f.target().toBytes());
    } else if (m instanceof FindValue f) {
      b.put(f.key().toBytes());
    } else if (m instanceof GetProviders g) {
      b.put(g.key().toBytes());
    } else if (m instanceof Nodes n) {
      putList(b, n.nodes());
    } else if (m instanceof Value v) {
      if (v.value() == null) {
        b.put((byte) 0);
      } else {
        b.put((byte) 1);
        v.value().encodeTo(b);
      }
      putList(b, v.nodes());
    } else if (m instanceof Store s) {
      s.value().encodeTo(b);
    } else if (m instanceof AddProvider a) {
      b.put(a.key().toBytes());
      putRecord(b, a.provider());
    } else if (m instanceof Providers p) {
      putList(b, p.providers());
      putList(b, p.nodes());
    } else if (m instanceof Ack a) {
      b.put((byte) a.status().ordinal());
    }
  }

  private static int typeOf(Message m) {
    if (m instanceof Ping) {
      return PING;
    } else if (m instanceof Pong) {
      return PONG;
    } else if (m instanceof FindNode) {
      return FIND_NODE;
    } else if (m instanceof Nodes) {
      return NODES;
    } else if (m instanceof FindValue) {
      return FIND_VALUE;
    } else if (m instanceof Value) {
      return VALUE;
    } else if (m instanceof Store) {
      return STORE;
    } else if (m instanceof AddProvider) {
      return ADD_PROVIDER;
    } else if (m instanceof GetProviders) {
      return GET_PROVIDERS;
    } else if (m instanceof Providers) {
      return PROVIDERS;
    } else if (m instanceof Ack) {
      return ACK;
    }
    throw new IllegalArgumentException("unknown message " + m);
  }

  private static void putRecord(ByteBuffer b, NodeRecord r) {
    b.putShort((short) r.encodedLength());
    r.encodeTo(b);
  }

  private static void putList(ByteBuffer b, List<NodeRecord> list) {
    b.put((byte) list.size());
    for (NodeRecord r : list) {
      putRecord(b, r);
    }
  }

  public static Message decode(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("message: null");
    }
    return decode(ByteBuffer.wrap(bytes));
  }

  /**
   * Decodes one message that occupies all remaining bytes of {@code in}.
   *
   * @throws DecodeException for any malformed input
   */
  public static Message decode(ByteBuffer in) {
    if (in.remaining() > MAX_MESSAGE) {
      throw new DecodeException("message: too long (" + in.remaining() + " bytes)");
    }
    if (in.remaining() < 10) {
      throw new DecodeException("message: truncated header");
    }
    try {
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw new DecodeException("message: unknown version " + version);
      }
      int type = in.get() & 0xff;
      long id = in.getLong();
      Message m = switch (type) {
        case PING -> {
          int flag = in.get() & 0xff;
          if (flag > 1) {
            throw new DecodeException("ping: bad flag");
          }
          yield new Ping(id, flag == 1 ? getRecord(in) : null);
        }
        case PONG -> new Pong(id, in.getLong());
        case FIND_NODE -> new FindNode(id, getId(in));
        case FIND_VALUE -> new FindValue(id, getId(in));
        case GET_PROVIDERS -> new GetProviders(id, getId(in));
        case NODES -> new Nodes(id, getList(in));
        case VALUE -> {
          int flag = in.get() & 0xff;
          if (flag > 1) {
            throw new DecodeException("value: bad flag");
          }
          ValueRecord v = flag == 1 ? ValueRecord.decode(in) : null;
          yield new Value(id, v, getList(in));
        }
        case STORE -> new Store(id, ValueRecord.decode(in));
        case ADD_PROVIDER -> new AddProvider(id, getId(in), getRecord(in));
        case PROVIDERS -> new Providers(id, getList(in), getList(in));
        case ACK -> {
          int s = in.get() & 0xff;
          if (s >= Message.Status.values().length) {
            throw new DecodeException("ack: bad status");
          }
          yield new Ack(id, Message.Status.values()[s]);
        }
        default -> throw new DecodeException("message: unknown type " + type);
      };
      if (in.hasRemaining()) {
        throw new DecodeException("message: trailing bytes");
      }
      return m;
    } catch (BufferUnderflowException e) {
      throw new DecodeException("message: truncated");
    } catch (IllegalArgumentException e) {
      throw new DecodeException("message: invalid field");
    }
  }

  private static NodeId getId(ByteBuffer in) {
    byte[] b = new byte[NodeId.LENGTH];
    in.get(b);
    return NodeId.of(b);
  }

  private static NodeRecord getRecord(ByteBuffer in) {
    int len = in.getShort() & 0xffff;
    return NodeRecord.decode(in, len);
  }

  private static List<NodeRecord> getList(ByteBuffer in) {
    int n = in.get() & 0xff;
    if (n > MAX_NODES) {
      throw new DecodeException("message: too many records (" + n + ")");
    }
    List<NodeRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(getRecord(in));
    }
    return out;
  }
}
