package io.veilnet.engine.files;

import static io.veilnet.engine.files.TestCluster.SMALL_SEGMENTS;
import static io.veilnet.engine.files.TestCluster.chunks;
import static io.veilnet.engine.files.TestCluster.join;
import static io.veilnet.engine.files.TestCluster.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.engine.files.internal.Manifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

class RepairServiceTest {
  private static final Duration T = Duration.ofSeconds(60);
  private static final FileServiceConfig SMALL = FileServiceConfig.builder().ces(SMALL_SEGMENTS).build();
  private TestCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<ContentId> segment(FileId id, int seg) {
    Manifest m = Manifest.decode(cluster.network.view(cluster.ids.get(0)).getRecord(id.bytes()).block(T).value());
    byte[] e = m.table().get(seg);
    List<ContentId> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      out.add(ContentId.of(Arrays.copyOfRange(e, i * 32, i * 32 + 32)));
    }
    return out;
  }

  private RepairService repair(VirtualTimeScheduler vts, FileId file, int threshold) {
    return RepairService.builder()
        .network(cluster.network.view(cluster.ids.get(11)))
        .config(SMALL)
        .watched(() -> Flux.just(file))
        .period(Duration.ofMinutes(10))
        .threshold(threshold)
        .timer(vts)
        .cpuScheduler(Schedulers.immediate())
        .build();
  }

  @Test
  void periodicCheck_recreatesLostShards_onVirtualTime() {
    cluster = new TestCluster(12, SMALL);
    byte[] data = randomBytes(3 * 65_536, 21);
    FileRef ref = cluster.services.get(0).put(chunks(data, 65_536)).block(T);
    List<ContentId> seg1 = segment(ref.id(), 1);
    // Lose two shards of segment 1 (drop one, kill the other's holder).
    cluster.network.store(cluster.network.holders(seg1.get(0)).get(0)).deleteShard(seg1.get(0).bytes());
    NodeId dead = cluster.network.holders(seg1.get(4)).get(0);
    cluster.network.kill(dead);
    assertThat(cluster.network.holders(seg1.get(0))).isEmpty();

    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    RepairService service = repair(vts, ref.id(), 0);
    List<RepairReport> reports = new CopyOnWriteArrayList<>();
    Disposable sub = service.reports().subscribe(reports::add);
    service.start();
    vts.advanceTimeBy(Duration.ofMinutes(9));
    assertThat(reports).isEmpty();
    vts.advanceTimeBy(Duration.ofMinutes(1));
    assertThat(reports).hasSize(1);
    // Two shards of segment 1, plus any other shard the dead node held.
    assertThat(reports.get(0).shardsRecreated()).isGreaterThanOrEqualTo(2);
    for (int s = 0; s < 3; s++) {
      for (ContentId shard : segment(ref.id(), s)) {
        assertThat(cluster.network.holders(shard)).as("holders of a shard of segment %d", s).isNotEmpty();
      }
    }
    assertThat(reports.get(0).segmentsChecked()).isEqualTo(3);
    assertThat(reports.get(0).error()).isNull();
    assertThat(cluster.network.holders(seg1.get(0))).hasSize(1).doesNotContain(dead);
    assertThat(cluster.network.holders(seg1.get(4))).hasSize(1).doesNotContain(dead);

    // The next pass finds nothing to do.
    vts.advanceTimeBy(Duration.ofMinutes(10));
    assertThat(reports).hasSize(2);
    assertThat(reports.get(1).shardsRecreated()).isZero();

    // After repair the file survives losing two more holders of that segment.
    cluster.network.kill(cluster.network.holders(seg1.get(1)).get(0));
    cluster.network.kill(cluster.network.holders(seg1.get(2)).get(0));
    int getter = cluster.network.isAlive(cluster.ids.get(3)) ? 3 : cluster.network.isAlive(cluster.ids.get(4)) ? 4 : 5;
    assertThat(join(cluster.services.get(getter).get(ref.id()).collectList().block(T))).isEqualTo(data);
    sub.dispose();
    service.dispose();
  }

  @Test
  void threshold_belowN_toleratesSomeLoss() {
    cluster = new TestCluster(12, SMALL);
    FileRef ref = cluster.services.get(0).put(chunks(randomBytes(65_536, 22), 65_536)).block(T);
    List<ContentId> seg0 = segment(ref.id(), 0);
    cluster.network.store(cluster.network.holders(seg0.get(5)).get(0)).deleteShard(seg0.get(5).bytes());
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    assertThat(repair(vts, ref.id(), 5).repair(ref.id()).block(T).shardsRecreated()).isZero();
    assertThat(repair(vts, ref.id(), 6).repair(ref.id()).block(T).shardsRecreated()).isEqualTo(1);
    assertThat(cluster.network.holders(seg0.get(5))).hasSize(1);
  }

  @Test
  void segmentBelowK_isReportedUnrecoverable() {
    cluster = new TestCluster(12, SMALL);
    FileRef ref = cluster.services.get(0).put(chunks(randomBytes(2 * 65_536, 23), 65_536)).block(T);
    List<ContentId> seg1 = segment(ref.id(), 1);
    for (int i = 0; i < 3; i++) {
      cluster.network.store(cluster.network.holders(seg1.get(i)).get(0)).deleteShard(seg1.get(i).bytes());
    }
    RepairReport r = repair(VirtualTimeScheduler.create(), ref.id(), 0).repair(ref.id()).block(T);
    assertThat(r.unrecoverableSegments()).containsExactly(1L);
    assertThat(r.segmentsChecked()).isEqualTo(2);
  }

  @Test
  void manifestsIn_findsTheManifestsANodeStores() {
    cluster = new TestCluster(12, SMALL);
    FileRef a = cluster.services.get(0).put(chunks(randomBytes(1000, 24), 1000)).block(T);
    FileRef b = cluster.services.get(1).put(chunks(randomBytes(1000, 25), 1000)).block(T);
    java.util.Set<FileId> seen = new java.util.HashSet<>();
    for (NodeId node : cluster.ids) {
      cluster.network.store(node).putRecord(new byte[32], new byte[] {1, 2, 3}); // not a manifest
      seen.addAll(RepairService.manifestsIn(cluster.network.store(node), Schedulers.immediate()).collectList().block(T));
    }
    assertThat(seen).containsExactlyInAnyOrder(a.id(), b.id());
  }

  @Test
  void unknownFile_becomesAReportWithAnError() {
    cluster = new TestCluster(12, SMALL);
    FileId id = FileId.of(new byte[32]);
    RepairReport r = repair(VirtualTimeScheduler.create(), id, 0).repair(id).block(T);
    assertThat(r.error()).contains("no manifest");
  }

  @Test
  void builder_rejectsBadSettings() {
    assertThatThrownBy(() -> RepairService.builder().period(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RepairService.builder().threshold(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
