package io.veilnet.engine.files;

import io.veilnet.kademlia.KademliaNode;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * Announces this node as a provider of every blob it receives (plug it into {@link
 * io.veilnet.engine.store.NodeBlobStore} as {@code onStored}, then {@link #bind} the node once it
 * has started). Announcements run in the background, after the sender's acknowledgement; readers
 * that come too early fall back to the nodes closest to the id. Owns its announcements: dispose it
 * before the node.
 */
public final class ProviderAnnouncer implements Consumer<byte[]>, Disposable {
  private static final Logger log = LoggerFactory.getLogger(ProviderAnnouncer.class);
  private final AtomicReference<KademliaNode> node = new AtomicReference<>();
  private final Disposable.Composite running = Disposables.composite();

  public void bind(KademliaNode node) {
    this.node.set(Objects.requireNonNull(node, "node"));
  }

  @Override
  public void accept(byte[] id) {
    KademliaNode n = node.get();
    if (n == null || running.isDisposed()) {
      return;
    }
    Disposable.Swap slot = Disposables.swap();
    running.add(slot);
    slot.update(n.provide(io.veilnet.kademlia.NodeId.of(id))
        .doFinally(s -> running.remove(slot))
        .subscribe(r -> { }, e -> log.debug("announcing a provider record failed: {}", e.toString())));
  }

  @Override
  public void dispose() {
    running.dispose();
  }

  @Override
  public boolean isDisposed() {
    return running.isDisposed();
  }
}
