/** Bench internals (progress bar, plots, child processes): not API. */
package io.veilnet.bench.internal;
