import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';

/**
 * A read model fed from the global event order. `handle` runs inside the transaction that also moves
 * the projection's checkpoint, so it must write only through `manager`. A projection ignores event
 * types it does not handle; an event it handles but cannot read must make it throw, never be skipped.
 *
 * Bump `version` whenever the entities or the handling change: the runner then rebuilds the read
 * model from position 0 at its next start.
 */
export interface Projection {
  name: string;
  version: number;
  /** The TypeORM entities (tables) this projection owns and alone writes. */
  entities: Function[];
  handle(events: RecordedEvent[], manager: EntityManager): Promise<void>;
  /**
   * Whether `handle` does anything with events of this type. A batch with none it handles changes
   * only the checkpoint, which the runner may then commit without waiting for the disk. Absent: every
   * type counts as handled.
   */
  handles?(type: string): boolean;
}

export type EventHandler = (event: RecordedEvent, manager: EntityManager) => Promise<void>;

export interface ProjectionDefinition {
  name: string;
  version: number;
  entities: Function[];
  /** One handler per event type; every other type is ignored. */
  handlers: Record<string, EventHandler>;
}

/** A projection that dispatches each event of a batch, in order, to the handler for its type. */
export function defineProjection(definition: ProjectionDefinition): Projection {
  const { name, version, entities, handlers } = definition;
  return {
    name,
    version,
    entities,
    handles: (type) => Object.hasOwn(handlers, type),
    async handle(events, manager) {
      for (const event of events) {
        const handler = Object.hasOwn(handlers, event.type) ? handlers[event.type] : undefined;
        if (handler) await handler(event, manager);
      }
    },
  };
}

/** What a batch projection holds for one transaction's events: written back by `flush`. */
export interface ProjectionBatch {
  flush(): Promise<void>;
}

export interface BatchProjectionDefinition<B extends ProjectionBatch> {
  name: string;
  version: number;
  entities: Function[];
  /**
   * A fresh batch for one transaction, given the events it will be handed (only those of handled
   * types), so it can load the rows they touch in a query or two per table instead of one per event.
   */
  begin(manager: EntityManager, events: readonly RecordedEvent[]): Promise<B>;
  /** One handler per event type; every other type is ignored. */
  handlers: Record<string, (event: RecordedEvent, batch: B) => Promise<void> | void>;
}

/**
 * A projection that applies a whole batch of events in memory and writes the rows it changed at the
 * end (see RowCache). The same code serves a live batch of a few events and a rebuild's page of
 * thousands; only the number of statements per event differs.
 */
export function defineBatchProjection<B extends ProjectionBatch>(definition: BatchProjectionDefinition<B>): Projection {
  const { name, version, entities, handlers, begin } = definition;
  return {
    name,
    version,
    entities,
    handles: (type) => Object.hasOwn(handlers, type),
    async handle(events, manager) {
      const handled = events.filter((event) => Object.hasOwn(handlers, event.type));
      if (handled.length === 0) return;
      const batch = await begin(manager, handled);
      for (const event of handled) await handlers[event.type](event, batch);
      await batch.flush();
    },
  };
}

/** The string values of `key` in the data of those of `events` whose type is one of `types` (all when omitted). */
export function idsIn(events: readonly RecordedEvent[], key: string, types?: readonly string[]): string[] {
  const ids: string[] = [];
  for (const event of events) {
    if (types && !types.includes(event.type)) continue;
    const value = (event.data as Record<string, unknown> | null)?.[key];
    if (typeof value === 'string' && value !== '') ids.push(value);
  }
  return ids;
}
