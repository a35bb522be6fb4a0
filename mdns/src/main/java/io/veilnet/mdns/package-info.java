/** Veilnet mdns: public API. Classes under {@code io.veilnet.mdns.internal} are not API. */
package io.veilnet.mdns;
