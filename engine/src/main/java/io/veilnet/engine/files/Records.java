package io.veilnet.engine.files;

import io.veilnet.crypto.Ed25519PrivateKey;
import io.veilnet.crypto.Ed25519PublicKey;
import io.veilnet.kademlia.ValueRecord;
import java.util.Objects;

/**
 * Signing and checking the DHT's value records ({@link ValueRecord}, design §2) for the file
 * service. A record's key is {@code SHA-256("veilnet-value-key-v1" ‖ owner ‖ name)}, so only the
 * owner can publish under it; a file's id is the key of its manifest record.
 */
public final class Records {
  private Records() {}

  /** Builds and signs a record; {@code signer}'s public key becomes the owner. */
  public static ValueRecord sign(Ed25519PrivateKey signer, byte[] name, long seq, long expiresAtMillis, byte[] value) {
    Objects.requireNonNull(signer, "signer");
    ValueRecord unsigned = new ValueRecord(signer.publicKey().bytes(), name, seq, expiresAtMillis, value, new byte[64]);
    return unsigned.withSignature(signer.sign(unsigned.signedBytes()));
  }

  /** Whether the owner's signature over the record verifies. */
  public static boolean verify(ValueRecord record) {
    Objects.requireNonNull(record, "record");
    try {
      return Ed25519PublicKey.of(record.owner()).verify(record.signedBytes(), record.signature());
    } catch (IllegalArgumentException e) {
      return false; // not a valid Ed25519 public key
    }
  }

  /** The file id (record key) under which {@code owner} publishes the manifest named {@code name}. */
  public static FileId fileId(Ed25519PublicKey owner, byte[] name) {
    return FileId.of(ValueRecord.keyOf(owner.bytes(), name).toBytes());
  }
}
