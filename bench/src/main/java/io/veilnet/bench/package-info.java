/** Veilnet bench: public API. Classes under {@code io.veilnet.bench.internal} are not API. */
package io.veilnet.bench;
