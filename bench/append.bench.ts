import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventMetadata } from '../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { type BenchModule, compareOpsPerSecond, table } from './bench-module.js';

export interface AppendFigures {
  perSec: number;
  rawPgPerSec: number;
}

export type AppendResult = Record<'c1' | 'c8', AppendFigures>;

const CONCURRENCY = { c1: 1, c8: 8 } as const;
const STREAMS = 1000;

/**
 * Postgres event store appends (one event each, to random streams, expected revision 'any') against
 * the floor under them: a plain single-row INSERT, one transaction each, into a table with no
 * triggers, locks or hashing, on the same server at the same concurrency.
 */
export const appendBench: BenchModule<AppendResult> = {
  key: 'append',
  title: 'Appends per second: Postgres event store vs a raw single-row INSERT',
  async run(context) {
    const url = await context.createDatabase();
    const streams = Array.from({ length: STREAMS }, () => `audit-${randomUUID()}`);
    const store = await PostgresEventStore.connect(url, { poolSize: 10 });
    const raw = new pg.Pool({ connectionString: url, max: 10 });
    await raw.query('CREATE TABLE raw_inserts (id bigserial PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)');
    try {
      const result = {} as AppendResult;
      for (const [key, concurrency] of Object.entries(CONCURRENCY) as Array<[keyof AppendResult, number]>) {
        context.log(`append: concurrency ${concurrency}, ${context.seconds} s each, taking turns…`);
        const { perSec, rawPgPerSec } = await compareOpsPerSecond(
          {
            perSec: async () => {
              await store.appendToStream(pick(streams), [{ id: randomUUID(), type: 'AnswerRecorded', data: answer(), metadata: metadata() }], {
                expectedRevision: 'any',
              });
            },
            rawPgPerSec: async () => {
              await raw.query('INSERT INTO raw_inserts (stream_id, type, data, metadata) VALUES ($1, $2, $3, $4)', [
                pick(streams),
                'AnswerRecorded',
                JSON.stringify(answer()),
                JSON.stringify(metadata()),
              ]);
            },
          },
          { concurrency, seconds: context.seconds },
        );
        result[key] = { perSec: round(perSec), rawPgPerSec: round(rawPgPerSec) };
      }
      return result;
    } finally {
      await store.close();
      await raw.end();
    }
  },
  format(result) {
    return table(
      ['concurrency', 'event store appends/s', 'raw INSERT/s', 'event store / raw'],
      Object.entries(result).map(([key, figures]) => [
        key,
        figures.perSec,
        figures.rawPgPerSec,
        `${((figures.perSec / figures.rawPgPerSec) * 100).toFixed(0)} %`,
      ]),
    );
  },
};

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function answer(): Record<string, unknown> {
  return { section: 'Assessment', question: 'assessment-3', answer: 'PARTIALLY', comment: 'Chronology present but not analysed.' };
}

function metadata(): EventMetadata {
  return {
    occurredAt: new Date().toISOString(),
    actor: { staffId: 'staff-bench', role: 'AUDITOR' },
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
  };
}
