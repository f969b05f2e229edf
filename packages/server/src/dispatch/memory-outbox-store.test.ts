import { MemoryOutboxStore } from './memory-outbox-store.js';
import { runOutboxStoreContract } from './outbox-store.contract.js';

runOutboxStoreContract('MemoryOutboxStore', async () => {
  const store = new MemoryOutboxStore();
  return {
    store,
    addEndpoint: async (seed) => {
      store.addEndpoint(seed);
    },
    enqueue: async (message) => {
      store.enqueue(message);
    },
    setApiKey: async (accountId, apiKey) => store.setApiKey(accountId, apiKey),
  };
});
