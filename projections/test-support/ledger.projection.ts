import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Projection } from '../runner/projection.js';
import { bigintAsNumber } from '../runner/columns.js';

/**
 * A test-only read model: one row per event, under a surrogate key, so an event applied twice shows up
 * as two rows instead of being absorbed by a unique constraint.
 */
@Entity({ name: 'test_ledger_entries' })
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position: number;

  @Column({ name: 'event_id', type: 'text' })
  eventId: string;
}

export interface LedgerOptions {
  /** Sleep this long inside every batch's transaction, after writing its rows. */
  delayMs?: number;
  /** Told the positions of each batch once its rows are written, before the sleep and the commit. */
  onBatchWritten?: (first: number, last: number) => void;
}

export function ledgerProjection(options: LedgerOptions = {}): Projection {
  return {
    name: 'ledger',
    version: 1,
    entities: [LedgerEntryEntity],
    async handle(events, manager) {
      await manager.insert(
        LedgerEntryEntity,
        events.map((event) => ({ position: event.position, eventId: event.id })),
      );
      options.onBatchWritten?.(events[0].position, events[events.length - 1].position);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    },
  };
}
