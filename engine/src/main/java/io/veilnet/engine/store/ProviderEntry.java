package io.veilnet.engine.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One provider record as a store keeps it: which node holds a content id, and until when the
 * announcement is valid (epoch milliseconds).
 */
public record ProviderEntry(byte[] contentId, byte[] providerId, long expiresAtMillis) {
  public ProviderEntry {
    Objects.requireNonNull(contentId, "contentId");
    Objects.requireNonNull(providerId, "providerId");
    contentId = contentId.clone();
    providerId = providerId.clone();
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
  public boolean equals(Object o) {
    return o instanceof ProviderEntry p
        && Arrays.equals(contentId, p.contentId)
        && Arrays.equals(providerId, p.providerId)
        && expiresAtMillis == p.expiresAtMillis;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(contentId) + Arrays.hashCode(providerId);
  }

  @Override
  public String toString() {
    return "ProviderEntry[" + io.veilnet.crypto.Bytes.toHex(contentId).substring(0, 12) + "… by "
        + io.veilnet.crypto.Bytes.toHex(providerId).substring(0, 12) + "…, until " + expiresAtMillis + "]";
  }
}
