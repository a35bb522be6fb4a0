package io.veilnet.engine.files;

import static io.veilnet.engine.files.TestCluster.SMALL_SEGMENTS;
import static io.veilnet.engine.files.TestCluster.chunks;
import static io.veilnet.engine.files.TestCluster.join;
import static io.veilnet.engine.files.TestCluster.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.engine.files.internal.Manifest;
import io.veilnet.engine.store.InMemoryNodeStore;
import io.veilnet.engine.store.NodeStore;
import io.veilnet.engine.store.RocksNodeStore;
import io.veilnet.kademlia.ValueRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

class ManifestRefresherTest {
  private static final Duration T = Duration.ofSeconds(60);
  private static final FileServiceConfig SMALL = FileServiceConfig.builder().ces(SMALL_SEGMENTS).build();
  /** The default manifest lifetime, 6 days. */
  private static final Duration TTL = SMALL.recordTtl();
  private static final Duration HOUR = Duration.ofHours(1);

  private VirtualTimeScheduler vts;
  private VirtualClock clock;
  private TestCluster cluster;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void virtualTime() {
    vts = VirtualTimeScheduler.create();
    vts.advanceTimeTo(Instant.parse("2025-01-01T00:00:00Z"));
    clock = new VirtualClock(vts);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    vts.dispose();
  }

  private void cluster(FileServiceConfig config, Function<Integer, NodeStore> stores) {
    cluster = new TestCluster(12, config, stores, 7L, Schedulers.immediate(), clock);
  }

  /** A file service on {@code node} that remembers the manifests it puts. */
  private DefaultFileService owner(int node, FileServiceConfig config, OwnedManifests owned) {
    DefaultFileService s = cluster.builder(node, cluster.kms, config).ownedManifests(owned).build();
    closing.add(s);
    return s;
  }

  private ManifestRefresher refresher(int node, FileServiceConfig config, OwnedManifests owned) {
    ManifestRefresher r = ManifestRefresher.builder()
        .network(cluster.network.view(cluster.ids.get(node)))
        .config(config)
        .owned(owned)
        .signer(cluster.keys.get(node))
        .period(HOUR)
        .timer(vts)
        .clock(clock)
        .build();
    closing.add(r::dispose);
    return r;
  }

  /** The manifest record the network serves now (unexpired, highest seq); null if none. */
  private ValueRecord served(FileId id) {
    return cluster.network.view(cluster.ids.get(7)).getRecord(id.bytes()).block(T);
  }

  private byte[] read(int node, FileId id) {
    return join(cluster.services.get(node).get(id).collectList().block(T));
  }

  @Test
  void refreshedManifest_outlivesThreeLifetimes_whileAnUnrefreshedOneExpires() {
    cluster(SMALL, i -> new InMemoryNodeStore());
    OwnedManifests owned0 = new OwnedManifests(cluster.network.store(cluster.ids.get(0)), Schedulers.immediate());
    OwnedManifests owned1 = new OwnedManifests(cluster.network.store(cluster.ids.get(1)), Schedulers.immediate());
    byte[] a = randomBytes(150_000, 31);
    byte[] b = randomBytes(70_000, 32);
    FileRef refreshed = owner(0, SMALL, owned0).put(chunks(a, 65_536)).block(T);
    FileRef unrefreshed = owner(1, SMALL, owned1).put(chunks(b, 65_536)).block(T); // node 1 runs no refresher
    long firstSeq = served(refreshed.id()).seq();

    ManifestRefresher r = refresher(0, SMALL, owned0);
    List<RefreshReport> reports = new CopyOnWriteArrayList<>();
    Disposable sub = r.reports().subscribe(reports::add);
    closing.add(sub::dispose);
    r.start();

    // Hour by hour for three lifetimes: the refreshed manifest is served at every step, with a seq
    // that never goes down and goes up at each refresh.
    List<Long> seqs = new ArrayList<>();
    long hours = TTL.multipliedBy(3).toHours();
    for (long h = 0; h < hours; h++) {
      vts.advanceTimeBy(HOUR);
      ValueRecord now = served(refreshed.id());
      assertThat(now).as("manifest served after %d h", h + 1).isNotNull();
      assertThat(now.expiresAtMillis()).isGreaterThan(clock.millis());
      seqs.add(now.seq());
    }
    assertThat(seqs).isSorted();
    // Refreshed once less than half of the 6 days is left: 5 times in 18 days (after 3, 6, ... days).
    assertThat(seqs.stream().distinct().count() - 1).isGreaterThanOrEqualTo(5);
    assertThat(seqs.get(seqs.size() - 1)).isGreaterThan(firstSeq);
    assertThat(reports).hasSizeGreaterThanOrEqualTo((int) hours - 1);
    assertThat(reports).allSatisfy(rep -> {
      assertThat(rep.error()).isNull();
      assertThat(rep.failed()).isZero();
      assertThat(rep.owned()).isEqualTo(1);
    });
    assertThat(reports.stream().mapToInt(RefreshReport::refreshed).sum()).isEqualTo(seqs.stream().distinct().count() - 1);
    // The owner's entry holds what the network serves, and is marked published.
    OwnedManifests.Entry entry = owned0.get(refreshed.id()).block(T);
    assertThat(entry.published()).isTrue();
    assertThat(entry.record().seq()).isEqualTo(seqs.get(seqs.size() - 1));

    assertThat(read(5, refreshed.id())).isEqualTo(a);
    assertThat(served(unrefreshed.id())).isNull();
    assertThatThrownBy(() -> read(5, unrefreshed.id())).isInstanceOf(FileNotFoundInNetworkException.class);
  }

  @Test
  void withoutRefresher_theManifestExpiresAfterItsLifetime() {
    cluster(SMALL, i -> new InMemoryNodeStore());
    OwnedManifests owned = new OwnedManifests(cluster.network.store(cluster.ids.get(0)), Schedulers.immediate());
    byte[] data = randomBytes(100_000, 33);
    FileRef ref = owner(0, SMALL, owned).put(chunks(data, 65_536)).block(T);
    vts.advanceTimeBy(TTL.minus(HOUR));
    assertThat(read(4, ref.id())).isEqualTo(data);
    vts.advanceTimeBy(HOUR);
    assertThatThrownBy(() -> read(4, ref.id())).isInstanceOf(FileNotFoundInNetworkException.class);

    // An owner back after an absence longer than the lifetime republishes it on its first pass
    // (the shards do not expire, so the file returns while they are still held).
    refresher(0, SMALL, owned).start();
    vts.advanceTimeBy(Duration.ofMinutes(1));
    assertThat(read(4, ref.id())).isEqualTo(data);
  }

  @Test
  void ownedList_survivesARestart_andRefreshingResumes(@TempDir Path dir) {
    Path storeDir = dir.resolve("node0");
    cluster(SMALL, i -> i == 0 ? RocksNodeStore.open(storeDir) : new InMemoryNodeStore());
    NodeId node0 = cluster.ids.get(0);
    NodeStore first = cluster.network.store(node0);
    OwnedManifests owned = new OwnedManifests(first, Schedulers.immediate());
    byte[] data = randomBytes(120_000, 34);
    FileRef ref = owner(0, SMALL, owned).put(chunks(data, 65_536)).block(T);

    // Run four days (one refresh, after three), then stop the node and its store.
    ManifestRefresher before = refresher(0, SMALL, owned);
    before.start();
    vts.advanceTimeBy(Duration.ofDays(4));
    long seqBefore = served(ref.id()).seq();
    before.dispose();
    first.close();

    // Two days down (less than the lifetime), then the same data dir opens again.
    vts.advanceTimeBy(Duration.ofDays(2));
    RocksNodeStore reopened = RocksNodeStore.open(storeDir);
    closing.add(reopened);
    cluster.network.replaceStore(node0, reopened);
    OwnedManifests again = new OwnedManifests(reopened, Schedulers.immediate());
    assertThat(again.ids().collectList().block(T)).containsExactly(ref.id());
    assertThat(again.get(ref.id()).block(T).record().seq()).isEqualTo(seqBefore);

    ManifestRefresher after = refresher(0, SMALL, again);
    after.start();
    // Up to three lifetimes after the put, hour by hour: the refresher on the reopened store keeps
    // more than half the lifetime (less one period) ahead of the manifest at every step.
    for (long h = Duration.ofDays(6).toHours(); h < TTL.multipliedBy(3).toHours(); h++) {
      vts.advanceTimeBy(HOUR);
      ValueRecord now = served(ref.id());
      assertThat(now).as("manifest served after %d h", h + 1).isNotNull();
      assertThat(now.expiresAtMillis() - clock.millis()).isGreaterThanOrEqualTo(TTL.dividedBy(2).minus(HOUR).toMillis());
    }
    assertThat(served(ref.id()).seq()).isGreaterThan(seqBefore);
    assertThat(again.get(ref.id()).block(T).record().seq()).isEqualTo(served(ref.id()).seq());
    assertThat(read(3, ref.id())).isEqualTo(data);
  }

  @Test
  void failedPut_isRetriedNextPass_withAFreshSeq_andTheLoopGoesOn() {
    cluster(SMALL, i -> new InMemoryNodeStore());
    OwnedManifests owned = new OwnedManifests(cluster.network.store(cluster.ids.get(0)), Schedulers.immediate());
    FileRef ref = owner(0, SMALL, owned).put(chunks(randomBytes(1000, 35), 1000)).block(T);
    long seq0 = served(ref.id()).seq();
    ManifestRefresher r = refresher(0, SMALL, owned);
    List<RefreshReport> reports = new CopyOnWriteArrayList<>();
    Disposable sub = r.reports().subscribe(reports::add);
    closing.add(sub::dispose);
    r.start();

    // Passes run at 1 min past each hour; the manifest falls due after half its lifetime (72 h).
    vts.advanceTimeBy(TTL.dividedBy(2));
    assertThat(reports).hasSize(72).allSatisfy(rep -> assertThat(rep.due()).isZero());
    // Every node stops answering just before the manifest falls due.
    cluster.ids.forEach(cluster.network::kill);
    reports.clear();
    vts.advanceTimeBy(HOUR.multipliedBy(2));
    assertThat(reports).hasSize(2).allSatisfy(rep -> {
      assertThat(rep.due()).isEqualTo(1);
      assertThat(rep.failed()).isEqualTo(1);
      assertThat(rep.refreshed()).isZero();
    });
    OwnedManifests.Entry pending = owned.get(ref.id()).block(T);
    assertThat(pending.published()).isFalse();
    assertThat(pending.record().seq()).isEqualTo(seq0 + 2); // each attempt spent a seq

    cluster.ids.forEach(cluster.network::revive);
    reports.clear();
    vts.advanceTimeBy(HOUR);
    assertThat(reports).singleElement().satisfies(rep -> assertThat(rep.refreshed()).isEqualTo(1));
    assertThat(served(ref.id()).seq()).isEqualTo(seq0 + 3);
    assertThat(owned.get(ref.id()).block(T).published()).isTrue();
    assertThat(r.isDisposed()).isFalse();
  }

  @Test
  void bigFile_everyManifestPageIsStoredAgain_onRefresh() {
    // 1 KiB pages hold 5 segment entries: 40 segments make a one-level page table.
    FileServiceConfig cfg = FileServiceConfig.builder()
        .ces(SMALL_SEGMENTS.toBuilder().segmentSize(4096).chunkSize(1024).build())
        .manifestPageSize(1024)
        .build();
    cluster(cfg, i -> new InMemoryNodeStore());
    OwnedManifests owned = new OwnedManifests(cluster.network.store(cluster.ids.get(0)), Schedulers.immediate());
    byte[] data = randomBytes(40 * 4096 - 5, 36);
    FileRef ref = owner(0, cfg, owned).put(chunks(data, 5000)).block(T);
    Manifest m = Manifest.decode(served(ref.id()).value());
    assertThat(m.tableLevel()).isEqualTo(1);
    List<ContentId> pages = m.table().stream().map(ContentId::of).toList();
    assertThat(pages).hasSizeGreaterThan(1);
    // Lose all copies but one of every page.
    for (ContentId p : pages) {
      List<NodeId> holders = cluster.network.holders(p);
      assertThat(holders).hasSize(cfg.pageReplicas());
      holders.stream().skip(1).forEach(h -> cluster.network.store(h).deleteShard(p.bytes()));
    }

    ManifestRefresher r = refresher(0, cfg, owned);
    assertThat(r.pass().block(T).due()).isZero(); // nothing due yet: pages are left alone
    vts.advanceTimeBy(TTL.dividedBy(2).plus(HOUR));
    RefreshReport rep = r.pass().block(T);
    assertThat(rep.refreshed()).isEqualTo(1);
    assertThat(rep.pagesStored()).isEqualTo(pages.size());
    assertThat(rep.pagesFailed()).isZero();
    for (ContentId p : pages) {
      assertThat(cluster.network.holders(p)).as("holders of page %s", p).hasSize(cfg.pageReplicas());
    }
    assertThat(read(9, ref.id())).isEqualTo(data);
  }

  @Test
  void perPassWork_isBounded_mostUrgentFirst() {
    cluster(SMALL, i -> new InMemoryNodeStore());
    OwnedManifests owned = new OwnedManifests(cluster.network.store(cluster.ids.get(0)), Schedulers.immediate());
    DefaultFileService s = owner(0, SMALL, owned);
    List<FileId> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(s.put(chunks(randomBytes(500, 40 + i), 500)).block(T).id());
      vts.advanceTimeBy(HOUR);
    }
    ManifestRefresher r = ManifestRefresher.builder()
        .network(cluster.network.view(cluster.ids.get(0))).config(SMALL).owned(owned).signer(cluster.keys.get(0))
        .maxPerPass(2).timer(vts).clock(clock).build();
    vts.advanceTimeBy(TTL.dividedBy(2));
    long seq2 = served(ids.get(2)).seq();
    RefreshReport rep = r.pass().block(T);
    assertThat(rep.due()).isEqualTo(3);
    assertThat(rep.refreshed()).isEqualTo(2);
    assertThat(served(ids.get(2)).seq()).as("the file put last expires last and waits").isEqualTo(seq2);
    assertThat(r.pass().block(T).refreshed()).isEqualTo(1);
    assertThat(served(ids.get(2)).seq()).isEqualTo(seq2 + 1);
  }

  @Test
  void invalidSettings_areRefusedAtBuild() {
    io.veilnet.crypto.Ed25519PrivateKey key = io.veilnet.crypto.Ed25519PrivateKey.generate(new java.security.SecureRandom());
    closing.add(key);
    ManifestRefresher.Builder b = ManifestRefresher.builder()
        .network(InMemoryNetworkHolder.view()).owned(new OwnedManifests(new InMemoryNodeStore(), Schedulers.immediate()))
        .signer(key)
        .timer(vts).clock(clock);
    assertThatThrownBy(() -> b.period(Duration.ofDays(3)).build()).hasMessageContaining("refresh window");
    assertThatThrownBy(() -> b.period(Duration.ZERO).build()).hasMessageContaining("period must be positive");
    assertThatThrownBy(() -> b.period(HOUR).maxPerPass(0).build()).hasMessageContaining("maxPerPass");
    assertThatThrownBy(() -> FileServiceConfig.builder().recordRefreshFraction(0).build())
        .hasMessageContaining("recordRefreshFraction");
    assertThatThrownBy(() -> FileServiceConfig.builder().recordRefreshFraction(1.5).build())
        .hasMessageContaining("recordRefreshFraction");
    assertThat(b.maxPerPass(10).build()).isNotNull();
  }

  /** A one-node network, for builder checks. */
  private static final class InMemoryNetworkHolder {
    static ShardNetwork view() {
      InMemoryNetwork n = InMemoryNetwork.create(java.time.Clock.systemUTC(), Schedulers.immediate(), 1);
      NodeId id = NodeId.of(new byte[32]);
      n.addNode(id, new InMemoryNodeStore());
      return n.view(id);
    }
  }
}
