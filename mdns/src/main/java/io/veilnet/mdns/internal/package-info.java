/** Veilnet mdns internals (JmDNS adapter, TXT codec, peer table). Not API: may change at any time. */
package io.veilnet.mdns.internal;
