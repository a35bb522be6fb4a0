package io.veilnet.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link NodeStore} shares. */
abstract class NodeStoreContract {
  abstract NodeStore store();

  static byte[] id(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) i;
    b[31] = (byte) (i >> 8);
    return b;
  }

  @Test
  void shards_roundTrip_replace_andDelete() {
    NodeStore s = store();
    byte[] shard = new byte[5000];
    shard[17] = 9;
    s.putShard(id(1), shard);
    assertThat(s.getShard(id(1))).hasValueSatisfying(v -> assertThat(v).isEqualTo(shard));
    assertThat(s.hasShard(id(1))).isTrue();
    assertThat(s.hasShard(id(2))).isFalse();
    assertThat(s.getShard(id(2))).isEmpty();
    s.putShard(id(1), new byte[] {1, 2});
    assertThat(s.getShard(id(1))).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
    s.putShard(id(3), new byte[10]);
    assertThat(s.shardIds()).hasSize(2);
    assertThat(s.deleteShard(id(1))).isTrue();
    assertThat(s.deleteShard(id(1))).isFalse();
    assertThat(s.hasShard(id(1))).isFalse();
  }

  @Test
  void records_roundTrip() {
    NodeStore s = store();
    s.putRecord(id(4), "r1".getBytes(StandardCharsets.UTF_8));
    s.putRecord(id(4), "r2".getBytes(StandardCharsets.UTF_8));
    assertThat(s.getRecord(id(4))).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("r2"));
    assertThat(s.getRecord(id(5))).isEmpty();
    assertThat(s.recordKeys()).hasSize(1);
  }

  @Test
  void providers_areScopedToTheirContent_andExpire() {
    NodeStore s = store();
    s.addProvider(new ProviderEntry(id(7), id(100), 1_000));
    s.addProvider(new ProviderEntry(id(7), id(101), 5_000));
    s.addProvider(new ProviderEntry(id(8), id(102), 5_000));
    s.addProvider(new ProviderEntry(id(7), id(100), 9_000)); // refresh
    assertThat(s.providers(id(7), 2_000)).extracting(ProviderEntry::expiresAtMillis).containsExactlyInAnyOrder(5_000L, 9_000L);
    assertThat(s.providers(id(7), 6_000)).singleElement().satisfies(e -> assertThat(e.providerId()).isEqualTo(id(100)));
    assertThat(s.providers(id(9), 0)).isEmpty();
  }

  @Test
  void providerRecords_keepTheirContactRecord_andCanBeDeleted() {
    NodeStore s = store();
    s.addProvider(new ProviderEntry(id(7), id(100), 1_000, new byte[] {9, 8, 7}));
    s.addProvider(new ProviderEntry(id(8), id(101), 2_000));
    assertThat(s.allProviders()).hasSize(2);
    assertThat(s.providers(id(7), 0)).singleElement()
        .satisfies(e -> assertThat(e.providerRecord()).containsExactly(9, 8, 7));
    assertThat(s.deleteProvider(id(7), id(100))).isTrue();
    assertThat(s.deleteProvider(id(7), id(100))).isFalse();
    assertThat(s.allProviders()).singleElement().satisfies(e -> assertThat(e.contentId()).isEqualTo(id(8)));
    s.putRecord(id(1), new byte[] {1});
    assertThat(s.deleteRecord(id(1))).isTrue();
    assertThat(s.deleteRecord(id(1))).isFalse();
    assertThat(s.getRecord(id(1))).isEmpty();
  }

  @Test
  void ownedManifests_roundTrip_replace_andDelete() {
    NodeStore s = store();
    assertThat(s.ownedManifestIds()).isEmpty();
    s.putOwnedManifest(id(1), new byte[] {1});
    s.putOwnedManifest(id(1), new byte[] {2, 3});
    s.putOwnedManifest(id(2), new byte[] {4});
    assertThat(s.getOwnedManifest(id(1))).hasValueSatisfying(v -> assertThat(v).containsExactly(2, 3));
    assertThat(s.getOwnedManifest(id(3))).isEmpty();
    assertThat(s.ownedManifestIds()).hasSize(2);
    // Owned manifests are their own area: the records a node stores for others are separate.
    assertThat(s.recordKeys()).isEmpty();
    assertThat(s.getRecord(id(1))).isEmpty();
    assertThat(s.deleteOwnedManifest(id(1))).isTrue();
    assertThat(s.deleteOwnedManifest(id(1))).isFalse();
    assertThat(s.ownedManifestIds()).singleElement().satisfies(k -> assertThat(k).isEqualTo(id(2)));
  }

  @Test
  void routingSnapshot_roundTrips() {
    NodeStore s = store();
    assertThat(s.loadRoutingTable()).isEmpty();
    s.saveRoutingTable(new byte[] {4, 5, 6});
    assertThat(s.loadRoutingTable()).hasValueSatisfying(v -> assertThat(v).containsExactly(4, 5, 6));
  }

  @Test
  void forEachEntry_visitsEveryArea() {
    NodeStore s = store();
    s.putShard(id(1), new byte[] {1});
    s.putRecord(id(2), new byte[] {2});
    s.addProvider(new ProviderEntry(id(3), id(4), Long.MAX_VALUE));
    s.saveRoutingTable(new byte[] {5});
    s.putOwnedManifest(id(6), new byte[] {6});
    List<String> areas = new ArrayList<>();
    s.forEachEntry((area, k, v) -> areas.add(area));
    assertThat(areas).containsExactlyInAnyOrder("shard", "record", "provider", "owned", "routing");
  }

  @Test
  void closedStore_fails() {
    NodeStore s = store();
    s.close();
    assertThatThrownBy(() -> s.getShard(id(1))).isInstanceOf(StoreException.class);
    s.close(); // idempotent
  }
}
