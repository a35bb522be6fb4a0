package io.veilnet.engine.store;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * The child process of {@link KillNineIT}. Modes:
 *
 * <ul>
 *   <li>{@code write <dir> <max>}: stores deterministic shards 0, 1, 2, … (plus a record and a
 *       provider record for each) and prints {@code ACK <i>} after each store call returns, until
 *       {@code max} or until it is killed;
 *   <li>{@code check <dir> <count>}: reopens the store and prints {@code OK <n>} with the number of
 *       shards 0..count-1 that are present with the right bytes, or {@code BAD <i>}.
 * </ul>
 */
public final class StoreWriterMain {
  private StoreWriterMain() {}

  static byte[] shard(int i) {
    byte[] b = new byte[8192 + (i % 7) * 1000];
    new SplittableRandom(i).nextBytes(b);
    return b;
  }

  static byte[] id(byte[] shard) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(shard);
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path dir = Path.of(args[1]);
    int count = Integer.parseInt(args[2]);
    try (RocksNodeStore store = RocksNodeStore.open(dir)) {
      if (args[0].equals("write")) {
        out.println("READY");
        out.flush();
        for (int i = 0; i < count; i++) {
          byte[] s = shard(i);
          byte[] id = id(s);
          store.putShard(id, s);
          store.putRecord(id, ByteBuffer.allocate(4).putInt(i).array());
          store.addProvider(new ProviderEntry(id, new byte[32], Long.MAX_VALUE));
          out.println("ACK " + i);
          out.flush();
        }
        out.println("DONE");
      } else {
        int ok = 0;
        for (int i = 0; i < count; i++) {
          byte[] s = shard(i);
          byte[] id = id(s);
          byte[] got = store.getShard(id).orElse(null);
          final int index = i;
          boolean recordOk = store.getRecord(id).map(r -> ByteBuffer.wrap(r).getInt() == index).orElse(false);
          if (got == null || !MessageDigest.isEqual(got, s) || !recordOk || store.providers(id, 0).isEmpty()) {
            out.println("BAD " + i);
            out.flush();
            return;
          }
          ok++;
        }
        out.println("OK " + ok);
      }
      out.flush();
    }
  }
}
