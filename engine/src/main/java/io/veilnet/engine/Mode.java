package io.veilnet.engine;

import java.util.Locale;

/** How a node finds peers (design §1). */
public enum Mode {
  /** mDNS on the local link only; no DHT is created. */
  LOCAL,
  /** The Kademlia DHT, joined through the bootstrap list; no mDNS. */
  WAN,
  /** Both: peers found by mDNS are checked and fed into the DHT's routing table. */
  HYBRID;

  /** Parses {@code local|wan|hybrid} (any case); a clear IllegalArgumentException otherwise. */
  public static Mode parse(String s) {
    if (s != null) {
      for (Mode m : values()) {
        if (m.name().equals(s.strip().toUpperCase(Locale.ROOT))) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("mode must be LOCAL, WAN or HYBRID, got '" + s + "'");
  }

  /** Whether this mode runs mDNS discovery. */
  public boolean usesMdns() {
    return this != WAN;
  }
}
