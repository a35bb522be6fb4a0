package io.veilnet.jmh.kademlia;

import io.veilnet.jmh.AbstractMicrobenchmark;
import io.veilnet.kademlia.NodeIdentity;
import io.veilnet.kademlia.NodeRecord;
import io.veilnet.kademlia.internal.Clock;
import io.veilnet.kademlia.internal.Ed25519Verifier;
import io.veilnet.kademlia.internal.RecordValidator;
import io.veilnet.kademlia.internal.SessionManager;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Noise IK session set-up as the UDP transport does it, both sides in one thread: message 1
 * with a piggy-backed request (initiator), its processing, record check and message 2
 * (responder), message 2 processing (initiator). Each op is one complete 1-RTT handshake, so
 * per-core handshakes/s per side is about twice the score. Record signature verification is
 * cached as in the node (same peer record each time), so this measures the X25519/AEAD work.
 */
public class KademliaHandshakeBenchmark extends AbstractMicrobenchmark {
  private SessionManager alice;
  private SessionManager bob;
  private NodeRecord bobRecord;
  private final List<byte[]> toBob = new ArrayList<>(2);
  private final List<byte[]> toAlice = new ArrayList<>(4);
  private final byte[] ping = new byte[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0};
  private long now = 1_700_000_000_000L;

  private static NodeRecord record(NodeIdentity id, String host, int port) throws Exception {
    NodeRecord u = new NodeRecord(id.identityPublicKey(), id.staticPublicKey(),
        InetAddress.getByName(host), port, port, 1, 1_700_000_000_000L, 86_400, new byte[64]);
    return u.withSignature(id.sign(u.signedBytes()));
  }

  @Setup
  public void setup() throws Exception {
    SecureRandom r = new SecureRandom();
    NodeIdentity a = NodeIdentity.generate(0, r);
    NodeIdentity b = NodeIdentity.generate(0, r);
    NodeRecord aliceRecord = record(a, "127.0.0.1", 1000);
    bobRecord = record(b, "127.0.0.2", 2000);
    Clock clock = new Clock() {
      @Override
      public long nowMillis() {
        return now;
      }

      @Override
      public void execute(Runnable task) {
        task.run();
      }

      @Override
      public Cancellable schedule(Runnable task, long delayMillis) {
        return () -> {};
      }
    };
    RecordValidator v = new RecordValidator(Ed25519Verifier.INSTANCE, 0, 60_000);
    // verify once, then trust identical bytes (the node's VerifiedRecords cache does this)
    boolean ok = v.check(aliceRecord, now) == null;
    alice = new SessionManager(a.staticPrivateKey(), aliceRecord, clock, r, 1, 2, 3_600_000,
        rec -> true);
    bob = new SessionManager(b.staticPrivateKey(), bobRecord, clock, r, 1, 2, 3_600_000,
        rec -> ok && rec.equals(aliceRecord));
  }

  @Benchmark
  public int fullHandshake() {
    now += 2; // rekey-after is 1 ms: every send sets up a new session
    toBob.clear();
    toAlice.clear();
    alice.send(bobRecord, ping, (to, d) -> toBob.add(d));
    bob.receive(toBob.get(0), null, (peer, m, reply) -> reply.send(m), (to, d) -> toAlice.add(d));
    int[] got = {0};
    alice.receive(toAlice.get(0), null, (peer, m, reply) -> got[0] = m.length, (to, d) -> {});
    if (now % 1_000 == 0) {
      alice.expire();
      bob.expire();
    }
    return got[0];
  }
}
