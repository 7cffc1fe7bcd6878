import { describe, it, expect } from '@jest/globals';
import { InMemoryEventStore } from '../src/event-store/in-memory/in-memory-event-store.js';
import { eventStoreContract, event, newStreamId } from './event-store.contract.js';

eventStoreContract('in-memory', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});

describe('in-memory event store, beyond the contract', () => {
  it('hands each reader a copy: changing what was read changes nothing stored', async () => {
    const store = new InMemoryEventStore();
    const streamId = newStreamId();
    await store.appendToStream(streamId, [event('GradeSet', { grade: 'GOOD' })]);

    const [read] = await store.readStream(streamId);
    read.data.grade = 'INADEQUATE';
    const [fromAll] = await store.readAll();
    fromAll.data.grade = 'OUTSTANDING';

    expect((await store.readStream(streamId))[0].data.grade).toBe('GOOD');
    await store.close();
  });

  it('refuses everything once closed', async () => {
    const store = new InMemoryEventStore();
    await store.close();
    await expect(store.appendToStream(newStreamId(), [event('A')])).rejects.toThrow('closed');
    await expect(store.readAll()).rejects.toThrow('closed');
  });
});
