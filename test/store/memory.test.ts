/** The store contract against the memory store (the reference backend), plain and sealing. */
import { createMemoryStore } from '../../src/store/memory.js';
import { sealingHarness } from './contract/support.js';
import { describeStoreContract } from './store.contract.js';

describeStoreContract('memory', async (sealed) => {
  const sealing = sealed ? sealingHarness() : undefined; // nothing of it is at rest: no raw bytes
  const store = createMemoryStore({ codec: sealing?.codec });
  return { store, sealing, cleanup: () => store.close() };
});
