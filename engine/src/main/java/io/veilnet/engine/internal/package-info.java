/** Node internals: the running node, routing, records, metrics. Not API. */
package io.veilnet.engine.internal;
