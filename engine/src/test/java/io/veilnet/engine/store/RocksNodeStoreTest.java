package io.veilnet.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksNodeStoreTest extends NodeStoreContract {
  @TempDir Path dir;
  private RocksNodeStore open;

  @Override
  NodeStore store() {
    open = RocksNodeStore.open(dir.resolve("store"));
    return open;
  }

  @AfterEach
  void closeStore() {
    if (open != null) {
      open.close();
    }
  }

  @Test
  void everything_survivesAReopen() {
    try (RocksNodeStore s = RocksNodeStore.open(dir.resolve("s"))) {
      s.putShard(id(1), new byte[70_000]);
      s.putRecord(id(2), new byte[] {7});
      s.addProvider(new ProviderEntry(id(3), id(4), 99));
      s.saveRoutingTable(new byte[] {1, 2});
      s.putOwnedManifest(id(5), new byte[] {3});
    }
    try (RocksNodeStore s = RocksNodeStore.open(dir.resolve("s"))) {
      assertThat(s.getShard(id(1))).hasValueSatisfying(v -> assertThat(v).hasSize(70_000));
      assertThat(s.getRecord(id(2))).isPresent();
      assertThat(s.providers(id(3), 0)).hasSize(1);
      assertThat(s.loadRoutingTable()).isPresent();
      assertThat(s.getOwnedManifest(id(5))).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
    }
  }

  @Test
  void storeWithoutTheOwnedArea_opens_andKeepsItsData() throws Exception {
    // The layout before owned manifests existed: default, shards, records, providers, meta.
    Path old = dir.resolve("old");
    org.rocksdb.RocksDB.loadLibrary();
    List<byte[]> names = List.of(org.rocksdb.RocksDB.DEFAULT_COLUMN_FAMILY, "shards".getBytes(UTF_8),
        "records".getBytes(UTF_8), "providers".getBytes(UTF_8), "meta".getBytes(UTF_8));
    List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
    try (org.rocksdb.ColumnFamilyOptions cf = new org.rocksdb.ColumnFamilyOptions();
        org.rocksdb.DBOptions opts = new org.rocksdb.DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)) {
      List<org.rocksdb.ColumnFamilyDescriptor> ds = names.stream().map(n -> new org.rocksdb.ColumnFamilyDescriptor(n, cf)).toList();
      try (org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(opts, old.toString(), ds, handles)) {
        db.put(handles.get(2), id(9), new byte[] {9});
      } finally {
        handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
      }
    }
    try (RocksNodeStore s = RocksNodeStore.open(old)) {
      assertThat(s.getRecord(id(9))).hasValueSatisfying(v -> assertThat(v).containsExactly(9));
      assertThat(s.ownedManifestIds()).isEmpty();
      s.putOwnedManifest(id(1), new byte[] {1});
    }
    try (RocksNodeStore s = RocksNodeStore.open(old)) {
      assertThat(s.ownedManifestIds()).hasSize(1);
    }
  }

  @Test
  void largeShards_goToBlobFiles() throws Exception {
    try (RocksNodeStore s = RocksNodeStore.open(dir.resolve("b"))) {
      for (int i = 0; i < 20; i++) {
        s.putShard(id(i), new byte[300_000]);
      }
    }
    // Closing flushes the memtable; the shard bytes land in a blob file, not in the SST.
    try (RocksNodeStore s = RocksNodeStore.open(dir.resolve("b"))) {
      assertThat(s.shardIds()).hasSize(20);
    }
    try (var files = Files.list(dir.resolve("b"))) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".blob"));
    }
  }

  @Test
  void secondOpenOfTheSameDirectory_failsClearly() {
    try (RocksNodeStore s = RocksNodeStore.open(dir.resolve("l"))) {
      assertThatThrownBy(() -> RocksNodeStore.open(dir.resolve("l")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cannot open RocksDB store");
    }
  }
}
