package io.veilnet.engine.files;

/**
 * The outcome of one {@link ManifestRefresher} pass: manifests this node owns, how many were due
 * (less than the refresh fraction of their lifetime left, or a put not yet acknowledged), how many
 * were re-signed and re-put, how many failed (retried next pass), and the manifest pages re-stored
 * or not. {@code error} is non-null when the pass itself could not run (for example the store
 * failed); it is then retried on the next tick.
 */
public record RefreshReport(int owned, int due, int refreshed, int failed, int pagesStored, int pagesFailed, String error) {}
