package io.veilnet.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A {@link NodeStore} in RocksDB under one directory (normally {@code <data dir>/store}).
 *
 * <p>Layout: column family {@code shards} (BlobDB: values of 1 KiB and more go to blob files, so
 * compactions do not rewrite shard bytes), {@code records}, {@code providers} (key {@code len(1) ‖
 * contentId ‖ providerId}, value the expiry as 8 big-endian bytes), {@code owned} (manifests this
 * node published as owner, by file id, for the refresher) and {@code meta} (the routing snapshot). Compression is off: shards and records are ciphertext and do not compress.
 *
 * <p>Crash safety: every write goes through the write-ahead log. Shards, records and the routing
 * snapshot, and owned-manifest entries are written with {@code sync = true}: a method that returned has reached the disk, and
 * neither a {@code kill -9} nor a power cut can lose it; RocksDB replays the log on the next open.
 * Provider records are soft state (republished every 22 h, design §2) and may be added at a high
 * rate on a protocol thread, so they are logged without fsync: they survive a process crash ({@code
 * kill -9}: the log is in the OS page cache) but not a machine crash.
 */
public final class RocksNodeStore implements NodeStore {
  private static final byte[] CF_SHARDS = "shards".getBytes(UTF_8);
  private static final byte[] CF_RECORDS = "records".getBytes(UTF_8);
  private static final byte[] CF_PROVIDERS = "providers".getBytes(UTF_8);
  private static final byte[] CF_META = "meta".getBytes(UTF_8);
  private static final byte[] CF_OWNED = "owned".getBytes(UTF_8);
  private static final byte[] ROUTING_KEY = "routing-table".getBytes(UTF_8);
  /** Values at least this large live in blob files. */
  private static final long MIN_BLOB_SIZE = 1024;

  private final Path dir;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> cfOptions;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle shards;
  private final ColumnFamilyHandle records;
  private final ColumnFamilyHandle providers;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle owned;
  private final WriteOptions syncWrites;
  /** Provider records: logged but not fsynced (see the class comment). */
  private final WriteOptions walWrites;
  /** Readers share; close() takes it exclusively so no call runs on a freed native handle. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksNodeStore(Path dir, RocksDB db, DBOptions dbOptions, List<ColumnFamilyOptions> cfOptions,
      List<ColumnFamilyHandle> handles) {
    this.dir = dir;
    this.db = db;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.handles = handles;
    this.shards = handles.get(1);
    this.records = handles.get(2);
    this.providers = handles.get(3);
    this.meta = handles.get(4);
    this.owned = handles.get(5);
    this.syncWrites = new WriteOptions().setSync(true);
    this.walWrites = new WriteOptions().setSync(false);
  }

  /**
   * Opens (creating if needed) the store in {@code dir}. Blocking.
   *
   * @throws StoreException if the directory cannot be created or RocksDB cannot open it (for
   *     example another process holds its lock)
   */
  public static RocksNodeStore open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create store directory " + dir, e);
    }
    RocksDB.loadLibrary();
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    ColumnFamilyOptions plain = new ColumnFamilyOptions().setCompressionType(CompressionType.NO_COMPRESSION);
    ColumnFamilyOptions blobs = new ColumnFamilyOptions()
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setEnableBlobFiles(true)
        .setMinBlobSize(MIN_BLOB_SIZE)
        .setBlobCompressionType(CompressionType.NO_COMPRESSION)
        .setEnableBlobGarbageCollection(true);
    List<ColumnFamilyDescriptor> descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plain),
        new ColumnFamilyDescriptor(CF_SHARDS, blobs),
        new ColumnFamilyDescriptor(CF_RECORDS, plain),
        new ColumnFamilyDescriptor(CF_PROVIDERS, plain),
        new ColumnFamilyDescriptor(CF_META, plain),
        new ColumnFamilyDescriptor(CF_OWNED, plain));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new RocksNodeStore(dir, db, dbOptions, List.of(plain, blobs), handles);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      plain.close();
      blobs.close();
      dbOptions.close();
      throw new StoreException("cannot open RocksDB store in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return dir;
  }

  private interface Op<T> {
    T run() throws RocksDBException;
  }

  private <T> T guarded(String what, Op<T> op) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException("store " + dir + " is closed");
      }
      return op.run();
    } catch (RocksDBException e) {
      throw new StoreException(what + " failed in " + dir + ": " + e.getMessage(), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public void putShard(byte[] id, byte[] shard) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(shard, "shard");
    guarded("putShard", () -> {
      db.put(shards, syncWrites, id, shard);
      return null;
    });
  }

  @Override
  public Optional<byte[]> getShard(byte[] id) {
    Objects.requireNonNull(id, "id");
    return guarded("getShard", () -> Optional.ofNullable(db.get(shards, id)));
  }

  @Override
  public boolean hasShard(byte[] id) {
    Objects.requireNonNull(id, "id");
    return guarded("hasShard", () -> db.keyExists(shards, id) && db.get(shards, id) != null);
  }

  @Override
  public boolean deleteShard(byte[] id) {
    Objects.requireNonNull(id, "id");
    return guarded("deleteShard", () -> {
      boolean had = db.get(shards, id) != null;
      db.delete(shards, syncWrites, id);
      return had;
    });
  }

  @Override
  public List<byte[]> shardIds() {
    return guarded("shardIds", () -> keys(shards));
  }

  @Override
  public void putRecord(byte[] key, byte[] encodedRecord) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(encodedRecord, "encodedRecord");
    guarded("putRecord", () -> {
      db.put(records, syncWrites, key, encodedRecord);
      return null;
    });
  }

  @Override
  public Optional<byte[]> getRecord(byte[] key) {
    Objects.requireNonNull(key, "key");
    return guarded("getRecord", () -> Optional.ofNullable(db.get(records, key)));
  }

  @Override
  public boolean deleteRecord(byte[] key) {
    Objects.requireNonNull(key, "key");
    return guarded("deleteRecord", () -> {
      boolean had = db.get(records, key) != null;
      db.delete(records, syncWrites, key);
      return had;
    });
  }

  @Override
  public boolean deleteProvider(byte[] contentId, byte[] providerId) {
    byte[] key = providerKey(Objects.requireNonNull(contentId, "contentId"), Objects.requireNonNull(providerId, "providerId"));
    return guarded("deleteProvider", () -> {
      boolean had = db.get(providers, key) != null;
      db.delete(providers, walWrites, key);
      return had;
    });
  }

  @Override
  public List<ProviderEntry> allProviders() {
    return guarded("allProviders", () -> {
      List<ProviderEntry> out = new ArrayList<>();
      try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(providers, ro)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] k = it.key();
          int len = k[0] & 0xff;
          byte[] v = it.value();
          out.add(new ProviderEntry(Arrays.copyOfRange(k, 1, 1 + len), Arrays.copyOfRange(k, 1 + len, k.length),
              ByteBuffer.wrap(v).getLong(), Arrays.copyOfRange(v, 8, v.length)));
        }
      }
      return out;
    });
  }

  @Override
  public List<byte[]> recordKeys() {
    return guarded("recordKeys", () -> keys(records));
  }

  @Override
  public void addProvider(ProviderEntry entry) {
    Objects.requireNonNull(entry, "entry");
    byte[] key = providerKey(entry.contentId(), entry.providerId());
    byte[] record = entry.providerRecord();
    byte[] value = ByteBuffer.allocate(8 + record.length).putLong(entry.expiresAtMillis()).put(record).array();
    guarded("addProvider", () -> {
      db.put(providers, walWrites, key, value);
      return null;
    });
  }

  @Override
  public List<ProviderEntry> providers(byte[] contentId, long nowMillis) {
    Objects.requireNonNull(contentId, "contentId");
    byte[] prefix = providerKey(contentId, new byte[0]);
    return guarded("providers", () -> {
      List<ProviderEntry> out = new ArrayList<>();
      try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(providers, ro)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          byte[] k = it.key();
          if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
            break;
          }
          byte[] v = it.value();
          long expires = ByteBuffer.wrap(v).getLong();
          if (expires > nowMillis) {
            out.add(new ProviderEntry(contentId, Arrays.copyOfRange(k, prefix.length, k.length), expires,
                Arrays.copyOfRange(v, 8, v.length)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void putOwnedManifest(byte[] fileId, byte[] entry) {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(entry, "entry");
    guarded("putOwnedManifest", () -> {
      db.put(owned, syncWrites, fileId, entry);
      return null;
    });
  }

  @Override
  public Optional<byte[]> getOwnedManifest(byte[] fileId) {
    Objects.requireNonNull(fileId, "fileId");
    return guarded("getOwnedManifest", () -> Optional.ofNullable(db.get(owned, fileId)));
  }

  @Override
  public List<byte[]> ownedManifestIds() {
    return guarded("ownedManifestIds", () -> keys(owned));
  }

  @Override
  public boolean deleteOwnedManifest(byte[] fileId) {
    Objects.requireNonNull(fileId, "fileId");
    return guarded("deleteOwnedManifest", () -> {
      boolean had = db.get(owned, fileId) != null;
      db.delete(owned, syncWrites, fileId);
      return had;
    });
  }

  @Override
  public void saveRoutingTable(byte[] snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    guarded("saveRoutingTable", () -> {
      db.put(meta, syncWrites, ROUTING_KEY, snapshot);
      return null;
    });
  }

  @Override
  public Optional<byte[]> loadRoutingTable() {
    return guarded("loadRoutingTable", () -> Optional.ofNullable(db.get(meta, ROUTING_KEY)));
  }

  @Override
  public void forEachEntry(EntryVisitor visitor) {
    Objects.requireNonNull(visitor, "visitor");
    guarded("forEachEntry", () -> {
      visit(shards, "shard", visitor);
      visit(records, "record", visitor);
      visit(providers, "provider", visitor);
      visit(owned, "owned", visitor);
      visit(meta, "routing", visitor);
      return null;
    });
  }

  private void visit(ColumnFamilyHandle cf, String area, EntryVisitor visitor) {
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(cf, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        visitor.visit(area, it.key(), it.value());
      }
    }
  }

  private List<byte[]> keys(ColumnFamilyHandle cf) {
    List<byte[]> out = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(cf, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(it.key());
      }
    }
    return out;
  }

  private static byte[] providerKey(byte[] contentId, byte[] providerId) {
    if (contentId.length == 0 || contentId.length > 255) {
      throw new IllegalArgumentException("content id must be 1..255 bytes, got " + contentId.length);
    }
    byte[] k = new byte[1 + contentId.length + providerId.length];
    k[0] = (byte) contentId.length;
    System.arraycopy(contentId, 0, k, 1, contentId.length);
    System.arraycopy(providerId, 0, k, 1 + contentId.length, providerId.length);
    return k;
  }

  /** Closes the database (flushing nothing extra: acknowledged writes are already durable). */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      syncWrites.close();
      walWrites.close();
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      cfOptions.forEach(ColumnFamilyOptions::close);
      dbOptions.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "RocksNodeStore[" + dir + "]";
  }
}
