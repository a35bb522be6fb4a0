/**
 * Durable node stores: shards, signed records, provider records and the routing-table snapshot.
 * {@link io.veilnet.engine.store.RocksNodeStore} keeps them in RocksDB under the data dir with
 * synchronous, write-ahead-logged writes; {@link io.veilnet.engine.store.InMemoryNodeStore} serves
 * tests and simulations. Public API.
 */
package io.veilnet.engine.store;
