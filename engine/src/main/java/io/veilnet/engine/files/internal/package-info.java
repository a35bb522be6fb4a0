/** Internals of the file service (manifest codec, segmenting, placement). Not public API. */
package io.veilnet.engine.files.internal;
