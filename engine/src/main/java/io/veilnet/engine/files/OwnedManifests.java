package io.veilnet.engine.files;

import io.veilnet.engine.store.NodeStore;
import io.veilnet.kademlia.ValueRecord;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The manifests this node published as their owner, kept in the owned area of its {@link
 * NodeStore} so that the {@link ManifestRefresher} can re-sign and re-put them before they expire,
 * across restarts. Each entry is the latest signed manifest record (owner key, name, seq, expiry,
 * value, signature: everything needed to re-sign it with the node's identity key, and no secret)
 * plus whether that record reached the network.
 *
 * <p>Entry layout: {@code version (1) = 1 ‖ flags (1, bit 0 = published) ‖ encoded ValueRecord}.
 * Store calls are blocking and run on the given scheduler.
 */
public final class OwnedManifests {
  private static final Logger log = LoggerFactory.getLogger(OwnedManifests.class);
  private static final byte VERSION = 1;
  private static final byte PUBLISHED = 1;

  private final NodeStore store;
  private final Scheduler io;

  /**
   * @param store the node's store (borrowed)
   * @param io where blocking store calls run (bounded elastic; immediate for in-memory stores)
   */
  public OwnedManifests(NodeStore store, Scheduler io) {
    this.store = Objects.requireNonNull(store, "store");
    this.io = Objects.requireNonNull(io, "io");
  }

  /**
   * One owned manifest.
   *
   * @param record the latest record this node signed for it (the highest seq it ever used)
   * @param published whether {@code record} was acknowledged by the network; false while a put of
   *     it is in flight or after it failed
   */
  public record Entry(ValueRecord record, boolean published) {
    public Entry {
      Objects.requireNonNull(record, "record");
    }

    public FileId fileId() {
      return FileId.of(record.key().toBytes());
    }

    byte[] encode() {
      byte[] r = record.encode();
      return ByteBuffer.allocate(2 + r.length).put(VERSION).put(published ? PUBLISHED : 0).put(r).array();
    }

    /** @throws IllegalArgumentException (or the record's decode exception) if malformed */
    static Entry decode(byte[] bytes) {
      if (bytes.length < 2 || bytes[0] != VERSION) {
        throw new IllegalArgumentException("unknown owned-manifest entry version");
      }
      ValueRecord r = ValueRecord.decode(Arrays.copyOfRange(bytes, 2, bytes.length));
      return new Entry(r, (bytes[1] & PUBLISHED) != 0);
    }
  }

  /** Durably records {@code entry} (replacing the previous one for its file). */
  public Mono<Void> remember(Entry entry) {
    Objects.requireNonNull(entry, "entry");
    return Mono.fromRunnable(() -> store.putOwnedManifest(entry.record().key().toBytes(), entry.encode()))
        .subscribeOn(io)
        .then();
  }

  /** The entry for {@code id}; empty if there is none or it cannot be read (logged). */
  public Mono<Entry> get(FileId id) {
    Objects.requireNonNull(id, "id");
    return Mono.fromCallable(() -> store.getOwnedManifest(id.bytes()))
        .subscribeOn(io)
        .flatMap(Mono::justOrEmpty)
        .flatMap(bytes -> {
          try {
            Entry e = Entry.decode(bytes);
            if (!Arrays.equals(e.record().key().toBytes(), id.bytes())) {
              throw new IllegalArgumentException("entry holds the record of another file");
            }
            return Mono.just(e);
          } catch (RuntimeException ex) {
            log.warn("skipping an unreadable owned-manifest entry for {}: {}", id, ex.toString());
            return Mono.empty();
          }
        });
  }

  /** The ids of every owned manifest (a snapshot). */
  public Flux<FileId> ids() {
    return Mono.fromCallable(store::ownedManifestIds)
        .subscribeOn(io)
        .flatMapIterable(ids -> ids)
        .map(FileId::of);
  }
}
