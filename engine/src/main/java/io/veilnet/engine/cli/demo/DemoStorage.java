package io.veilnet.engine.cli.demo;

import io.veilnet.engine.RunningNode;
import java.util.function.IntConsumer;

/**
 * The storage the demo drives, kept narrow so that switching to the file service is a one-line
 * change in {@link Demo}. Blocking (the demo is a script).
 */
interface DemoStorage {

  /** What a put reports and a get needs. */
  record Stored(byte[] fileId, int segments, int shards, int lookupsForPlacement) {}

  /** What a get reports besides the bytes. */
  record Retrieved(byte[] data, int shardsFetched, int shardsUnreachable, int routesKnown, int routesLookedUp) {}

  /** A short description for the summary, e.g. the erasure code. */
  String describe();

  /** Most shards per segment that may be lost. */
  int tolerates();

  /** Shards per segment. */
  int shardsPerSegment();

  /** Stores {@code data} from {@code writer}; {@code progress} gets the number of shards placed so far. */
  Stored put(RunningNode writer, byte[] data, IntConsumer progress);

  /** Retrieves a stored file through {@code reader}. */
  Retrieved get(RunningNode reader, Stored stored);
}
