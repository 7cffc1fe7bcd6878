import { randomUUID } from 'node:crypto';
import { EventIdConflictError, type EventMetadata, type NewEvent } from './event-store.port.js';

/** An event ready to hash and store: its id settled and its data exactly as a read will return it. */
export interface PreparedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What is hashed must be exactly what a read gives back. Both stores keep data and metadata as
 * JSON (jsonb; the EventStoreDB client's JSON.stringify/parse), so the same JSON round trip is
 * applied first (undefined dropped, Dates to strings, -0 to 0); key order does not matter to
 * canonical JSON. Ids read back in lower case, so they are hashed in lower case.
 */
export function prepare(event: NewEvent): PreparedEvent {
  const id = (event.id ?? randomUUID()).toLowerCase();
  if (!UUID.test(id)) throw new TypeError(`Event id ${event.id} is not a UUID`);
  return {
    id,
    type: event.type,
    data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
    metadata: JSON.parse(JSON.stringify(event.metadata)) as EventMetadata,
  };
}

export function assertDistinctIds(streamId: string, batch: PreparedEvent[]): void {
  const seen = new Set<string>();
  const repeated = batch.filter((event) => seen.size === seen.add(event.id).size).map((event) => event.id);
  if (repeated.length > 0) throw new EventIdConflictError(streamId, repeated, 'the batch repeats event ids');
}
