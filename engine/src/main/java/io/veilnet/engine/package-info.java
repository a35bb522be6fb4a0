/** Veilnet engine: public API. Classes under {@code io.veilnet.engine.internal} are not API. */
package io.veilnet.engine;
