/** Implementation details of {@code io.veilnet.crypto}; not API, may change without notice. */
package io.veilnet.crypto.internal;
