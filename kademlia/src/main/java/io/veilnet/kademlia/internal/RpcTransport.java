package io.veilnet.kademlia.internal;

import io.veilnet.kademlia.NodeRecord;

/**
 * What the protocol needs from a network: send a request and hear back exactly once, and deliver
 * authenticated inbound requests. Implemented over Netty UDP with Noise sessions
 * ({@code UdpTransport}) and over an in-memory virtual-time network for simulation. All callbacks
 * run on the protocol's {@link Clock} thread.
 */
public interface RpcTransport {

  /** Why a request produced no response. */
  enum Failure {
    TIMEOUT,
    UNREACHABLE,
    CLOSED
  }

  /** Receives the single outcome of a request. */
  interface ResponseHandler {
    void onResponse(Message.Response response);

    void onFailure(Failure failure);
  }

  /** Serves inbound requests from authenticated peers; returns the response (never null). */
  @FunctionalInterface
  interface InboundHandler {
    Message.Response handle(NodeRecord from, Message.Request request);
  }

  /**
   * Sends {@code request} to {@code peer}; {@code handler} is called once, with the response or
   * a failure after {@code timeoutMillis}.
   */
  void request(NodeRecord peer, Message.Request request, long timeoutMillis, ResponseHandler handler);

  /** Installs the handler for inbound requests. */
  void setInboundHandler(InboundHandler handler);

  /** The record peers see for this node (updated on re-advertisement). */
  void setLocalRecord(NodeRecord record);
}
