import type { DatabaseTimeouts } from '../database/connection-options.js';
import type { EventStore } from './event-store.port.js';
import { appendDuration } from '../metrics/metrics.js';
import { inSpan, tracing } from '../tracing/tracing.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

export interface EventStoreSettings {
  /** PostgreSQL holding the events table when no EventStoreDB is configured (embedded or external). */
  databaseUrl: string;
  /** When set, events live in EventStoreDB instead (`esdb://…`). */
  eventStoreConnectionString?: string | null;
  /** Bounds on waits for PostgreSQL (default: DEFAULT_DATABASE_TIMEOUTS). */
  databaseTimeouts?: DatabaseTimeouts;
}

/** The event store the settings ask for: EventStoreDB when configured, the Postgres events table otherwise. */
export async function createEventStore(settings: EventStoreSettings): Promise<EventStore> {
  if (settings.eventStoreConnectionString) {
    // Loaded only when used, so the embedded default does not pay for the gRPC client.
    const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store.js');
    return timedAppends(await EventStoreDbEventStore.connect(settings.eventStoreConnectionString));
  }
  return timedAppends(await PostgresEventStore.connect(settings.databaseUrl, { timeouts: settings.databaseTimeouts }));
}

/** Every append timed for event_store_append_duration_seconds; the store itself is unchanged. */
function timedAppends(store: EventStore): EventStore {
  const append = store.appendToStream.bind(store);
  store.appendToStream = async (...args) => {
    const end = appendDuration.startTimer();
    try {
      if (!tracing()) return await append(...args);
      return await inSpan('event-store append', { 'practice_audit.stream': args[0], 'practice_audit.events': args[1].length }, async (span) => {
        const result = await append(...args);
        span.setAttribute('practice_audit.position', result.position);
        return result;
      });
    } finally {
      end();
    }
  };
  return store;
}
