package io.veilnet.mdns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veilnet.mdns.DropReason;
import io.veilnet.mdns.LocalPeer;
import io.veilnet.mdns.LocalPeer.Change;
import io.veilnet.mdns.VerifiedPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTableTest {
  private final PeerTable table = new PeerTable(16, 4);

  private static VerifiedPeer peer(int id, long seq) {
    return new VerifiedPeer(new byte[] {(byte) id}, List.of(), seq);
  }

  private static byte[] rec(int id, long seq) {
    return new byte[] {(byte) id, (byte) seq};
  }

  private static List<Change> changes(PeerTable.Outcome o) {
    return o.events().stream().map(LocalPeer::change).toList();
  }

  @Test
  void newPeer_isAdded_andRepeatIsNotAnEvent() {
    assertThat(changes(table.onResolved("a.", rec(1, 1), peer(1, 1)))).containsExactly(Change.ADDED);
    PeerTable.Outcome again = table.onResolved("a.", rec(1, 1), peer(1, 1));
    assertThat(again.events()).isEmpty();
    assertThat(again.drop()).isEmpty();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void higherSeq_isUpdated_lowerOrConflictingSeq_isStale() {
    table.onResolved("a.", rec(1, 1), peer(1, 1));
    PeerTable.Outcome up = table.onResolved("a.", rec(1, 2), peer(1, 2));
    assertThat(changes(up)).containsExactly(Change.UPDATED);
    assertThat(up.events().get(0).peer().seq()).isEqualTo(2);
    assertThat(table.onResolved("a.", rec(1, 1), peer(1, 1)).drop()).contains(DropReason.STALE);
    assertThat(table.onResolved("b.", new byte[] {9}, peer(1, 2)).drop()).contains(DropReason.STALE);
    assertThat(table.snapshot()).singleElement().satisfies(p -> assertThat(p.peer().seq()).isEqualTo(2));
  }

  @Test
  void samePeerUnderTwoInstances_isOnePeer_removedWithItsLastInstance() {
    table.onResolved("a.", rec(1, 1), peer(1, 1));
    assertThat(table.onResolved("a2.", rec(1, 1), peer(1, 1)).events()).isEmpty();
    assertThat(table.onRemoved("a.").events()).isEmpty();
    assertThat(table.size()).isEqualTo(1);
    PeerTable.Outcome gone = table.onRemoved("a2.");
    assertThat(changes(gone)).containsExactly(Change.REMOVED);
    assertThat(gone.events().get(0).peer().peerId()).containsExactly(1);
    assertThat(table.size()).isZero();
    assertThat(table.onRemoved("a2.").events()).isEmpty();
  }

  @Test
  void instanceThatNowCarriesAnotherPeer_removesThePreviousOne() {
    table.onResolved("a.", rec(1, 1), peer(1, 1));
    PeerTable.Outcome o = table.onResolved("a.", rec(2, 1), peer(2, 1));
    assertThat(changes(o)).containsExactly(Change.REMOVED, Change.ADDED);
    assertThat(o.events().get(0).peer().peerId()).containsExactly(1);
    assertThat(o.events().get(1).peer().peerId()).containsExactly(2);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void removedPeer_canBeAddedAgain() {
    table.onResolved("a.", rec(1, 5), peer(1, 5));
    table.onRemoved("a.");
    assertThat(changes(table.onResolved("a.", rec(1, 1), peer(1, 1)))).containsExactly(Change.ADDED);
  }

  @Test
  void floodOfIdentitiesOrInstanceNames_isBoundedAndCountedAsTableFull() {
    PeerTable small = new PeerTable(2, 2);
    small.onResolved("a.", rec(1, 1), peer(1, 1));
    small.onResolved("b.", rec(2, 1), peer(2, 1));
    assertThat(small.onResolved("c.", rec(3, 1), peer(3, 1)).drop()).contains(DropReason.TABLE_FULL);
    assertThat(small.onResolved("a2.", rec(1, 1), peer(1, 1)).drop()).isEmpty();
    assertThat(small.onResolved("a3.", rec(1, 1), peer(1, 1)).drop()).contains(DropReason.TABLE_FULL);
    assertThat(small.size()).isEqualTo(2);
    small.onRemoved("b.");
    assertThat(changes(small.onResolved("c.", rec(3, 1), peer(3, 1)))).containsExactly(Change.ADDED);
  }
}
