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
    async handle(events, manager) {
      for (const event of events) {
        const handler = Object.hasOwn(handlers, event.type) ? handlers[event.type] : undefined;
        if (handler) await handler(event, manager);
      }
    },
  };
}
