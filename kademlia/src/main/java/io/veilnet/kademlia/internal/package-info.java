/**
 * Implementation details of {@code io.veilnet.kademlia}: wire codecs, routing table, lookups,
 * sessions and Netty handlers. Not API; may change without notice.
 */
package io.veilnet.kademlia.internal;
