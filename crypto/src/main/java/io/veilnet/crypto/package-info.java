/**
 * Veilnet crypto: keys, AEAD, KDF, signatures, key agreement, padding, erasure coding and secret
 * sharing. Pure, synchronous and immutable; no Netty, no Reactor. Classes under
 * {@code io.veilnet.crypto.internal} are not API.
 */
package io.veilnet.crypto;
