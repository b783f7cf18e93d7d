/** The store contract against the memory store (the reference backend). */
import { createMemoryStore } from '../../src/store/memory.js';
import { describeStoreContract } from './store.contract.js';

describeStoreContract('memory', async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
});
