package io.veilnet.engine.store;

import io.veilnet.crypto.Bytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * One provider record as a store keeps it: which node holds a content id, until when the
 * announcement is valid (epoch milliseconds), and the provider's encoded contact record (opaque to
 * the store; may be empty).
 */
public record ProviderEntry(byte[] contentId, byte[] providerId, long expiresAtMillis, byte[] providerRecord) {
  /** Largest encoded contact record kept with an entry. */
  public static final int MAX_RECORD = 4096;

  public ProviderEntry {
    Objects.requireNonNull(contentId, "contentId");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(providerRecord, "providerRecord");
    if (providerRecord.length > MAX_RECORD) {
      throw new IllegalArgumentException("provider record must be at most " + MAX_RECORD + " bytes");
    }
    contentId = contentId.clone();
    providerId = providerId.clone();
    providerRecord = providerRecord.clone();
  }

  /** An entry without a contact record. */
  public ProviderEntry(byte[] contentId, byte[] providerId, long expiresAtMillis) {
    this(contentId, providerId, expiresAtMillis, new byte[0]);
  }

  @Override
  public byte[] contentId() {
    return contentId.clone();
  }

  @Override
  public byte[] providerId() {
    return providerId.clone();
  }

  @Override
  public byte[] providerRecord() {
    return providerRecord.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderEntry p
        && Arrays.equals(contentId, p.contentId)
        && Arrays.equals(providerId, p.providerId)
        && expiresAtMillis == p.expiresAtMillis
        && Arrays.equals(providerRecord, p.providerRecord);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(contentId) + Arrays.hashCode(providerId);
  }

  @Override
  public String toString() {
    return "ProviderEntry[" + Bytes.toHex(contentId).substring(0, 12) + "… by "
        + Bytes.toHex(providerId).substring(0, 12) + "…, until " + expiresAtMillis + "]";
  }
}
