package io.veilnet.kademlia;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.veilnet.kademlia.internal.VerifiedRecords;
import java.time.Duration;
import java.util.Objects;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Event loops and caches shared by any number of nodes in one JVM. Nodes borrow them and never
 * close them; whoever created the resources disposes them after the nodes.
 */
public final class KademliaResources implements Disposable, AutoCloseable {
  private final EventLoopGroup group;
  private final boolean owned;
  private final VerifiedRecords verified = new VerifiedRecords(1 << 17);
  private volatile boolean disposed;

  private KademliaResources(EventLoopGroup group, boolean owned) {
    this.group = group;
    this.owned = owned;
  }

  /** Creates an owned NIO event loop group of {@code threads} named {@code veilnet-kad-*}. */
  public static KademliaResources create(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    return new KademliaResources(new MultiThreadIoEventLoopGroup(threads,
        new DefaultThreadFactory("veilnet-kad", true), NioIoHandler.newFactory()), true);
  }

  /** Borrows an existing group (a NIO one); {@link #dispose()} will not shut it down. */
  public static KademliaResources borrow(EventLoopGroup group) {
    return new KademliaResources(Objects.requireNonNull(group, "group"), false);
  }

  /** Not API: the Netty group. */
  public EventLoopGroup eventLoopGroup() {
    return group;
  }

  /** Not API: the JVM-wide cache of verified node records. */
  public VerifiedRecords verifiedRecords() {
    return verified;
  }

  @Override
  public void dispose() {
    disposed = true;
    if (owned) {
      group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Shuts the owned group down and waits up to {@code timeout}. */
  public Mono<Void> disposeLater() {
    dispose();
    if (!owned) {
      return Mono.empty();
    }
    return Mono.create(sink -> group.terminationFuture().addListener(f -> sink.success()));
  }

  @Override
  public boolean isDisposed() {
    return disposed;
  }

  @Override
  public void close() {
    disposeLater().block(Duration.ofSeconds(10));
  }
}
