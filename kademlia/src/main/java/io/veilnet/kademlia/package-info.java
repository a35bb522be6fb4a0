/** Veilnet kademlia: public API. Classes under {@code io.veilnet.kademlia.internal} are not API. */
package io.veilnet.kademlia;
