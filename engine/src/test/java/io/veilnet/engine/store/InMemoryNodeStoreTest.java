package io.veilnet.engine.store;

class InMemoryNodeStoreTest extends NodeStoreContract {
  @Override
  NodeStore store() {
    return new InMemoryNodeStore();
  }
}
