import { describe, it } from '@jest/globals';
import { EventStoreDbEventStore } from '../src/event-store/eventstoredb/eventstoredb-event-store.js';
import { eventStoreContract } from './event-store.contract.js';

// Runs against a real EventStoreDB only (e.g. `docker compose up eventstore` and
// EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false); there is no stand-in for it.
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  eventStoreContract('eventstoredb', async () => {
    const store = await EventStoreDbEventStore.connect(connectionString);
    return { store, cleanup: () => store.close() };
  });
} else {
  describe.skip('EventStore contract: eventstoredb — skipped: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server on this machine)', () => {
    it('passes the event store contract', () => undefined);
  });
}
