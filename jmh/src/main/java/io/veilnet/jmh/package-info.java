/** Veilnet jmh: public API. Classes under {@code io.veilnet.jmh.internal} are not API. */
package io.veilnet.jmh;
