package io.veilnet.engine.cli.demo;

import io.veilnet.engine.RunningNode;
import java.util.function.LongConsumer;

/** The storage the demo drives, kept narrow. Blocking (the demo is a script). */
interface DemoStorage {

  /** What a put reports and a get needs. */
  record Stored(byte[] fileId, long segments) {}

  /** A short description for the summary, e.g. the erasure code. */
  String describe();

  /** Most shards per segment that may be lost. */
  int tolerates();

  /** Shards per segment. */
  int shardsPerSegment();

  /** Stores {@code data} from {@code writer}; {@code progress} gets the bytes stored so far. */
  Stored put(RunningNode writer, byte[] data, LongConsumer progress);

  /** Retrieves a stored file through {@code reader}. */
  byte[] get(RunningNode reader, Stored stored);
}
