import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import type { EventMetadata, NewEvent } from '../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { type BenchModule, compareOpsPerSecond, table } from './bench-module.js';
import { load, shown, summarise, type Summary } from './figures.js';

type Contender = 'perSec' | 'rawPgPerSec' | 'emmettPerSec';
type Figure = Contender | 'vsRaw' | 'vsEmmett';

/** Appends a second at one concurrency: one event an append, and (under `events5`) five. */
export type AppendFigures = Summary<Figure> & { events5: Summary<Figure> };

export interface AppendResult {
  c1: AppendFigures;
  c8: AppendFigures;
  runs: number;
  secondsEach: number;
  loadAverage: { start: number; end: number };
}

const CONCURRENCY = { c1: 1, c8: 8 } as const;
const STREAMS = 1000;
const RUNS = 3;

/**
 * Appends a second, each contender on the same PostgreSQL server at the same concurrency, to random
 * streams of 1000 (expected revision: any), taking turns in short rounds (compareOpsPerSecond):
 * - perSec: this service's event store (hash chain, gap-free positions, group commit);
 * - rawPgPerSec: the limit an append committed on its own can reach: a plain INSERT (of one row, or
 *   of five in one statement) in its own transaction, into a table with no triggers, locks or hashing;
 * - emmettPerSec: the peer, @event-driven-io/emmett-postgresql, appending the same events.
 * Three runs; each figure is their median.
 */
export const appendBench: BenchModule<AppendResult> = {
  key: 'append',
  title: 'Appends per second: this event store, raw INSERT (the per-commit limit), emmett-postgresql (the peer)',
  async run(context) {
    const started = load();
    const url = await context.createDatabase();
    const streams = Array.from({ length: STREAMS }, () => `audit-${randomUUID()}`);
    const store = await PostgresEventStore.connect(url, { poolSize: 10 });
    const raw = new pg.Pool({ connectionString: url, max: 10 });
    const emmett = getPostgreSQLEventStore(url);
    await raw.query('CREATE TABLE raw_inserts (id bigserial PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)');
    // The peer creates its schema on first use: not part of what is measured.
    await emmett.appendToStream(`audit-${randomUUID()}`, [{ type: 'AnswerRecorded', data: answer() }]);
    const seconds = context.quick ? 1 : Math.min(context.seconds, 3);
    try {
      const result = { runs: RUNS, secondsEach: seconds } as AppendResult;
      for (const [key, concurrency] of Object.entries(CONCURRENCY) as Array<['c1' | 'c8', number]>) {
        const bySize: Record<1 | 5, Array<Record<Figure, number>>> = { 1: [], 5: [] };
        for (let run = 1; run <= RUNS; run++) {
          for (const size of [1, 5] as const) {
            context.log(`append: ${concurrency} writer(s), ${size} event(s) an append, run ${run} of ${RUNS}…`);
            const figures = await compareOpsPerSecond<Contender>(
              {
                perSec: async () => {
                  await store.appendToStream(pick(streams), events(size), { expectedRevision: 'any' });
                },
                rawPgPerSec: async () => {
                  const rows = events(size);
                  const values = rows.map((_, i) => `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4})`).join(', ');
                  await raw.query(`INSERT INTO raw_inserts (stream_id, type, data, metadata) VALUES ${values}`, [
                    pick(streams),
                    ...rows.flatMap((event) => [event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)]),
                  ]);
                },
                emmettPerSec: async () => {
                  const streamId = pick(streams);
                  const batch = events(size).map((event) => ({ type: event.type, data: event.data, metadata: event.metadata }));
                  // Two first appends to one stream at once: the peer refuses one (its stream row is taken); appended again, as a caller would.
                  for (let attempt = 1; ; attempt++) {
                    try {
                      await emmett.appendToStream(streamId, batch);
                      return;
                    } catch (error) {
                      if (attempt >= 10 || !/Expected version/.test((error as Error).message)) throw error;
                    }
                  }
                },
              },
              { concurrency, seconds },
            );
            bySize[size].push({ ...figures, vsRaw: figures.perSec / figures.rawPgPerSec, vsEmmett: figures.perSec / figures.emmettPerSec });
          }
        }
        result[key] = { ...summarise(bySize[1]), events5: summarise(bySize[5]) };
      }
      result.loadAverage = { start: started, end: load() };
      return result;
    } finally {
      await store.close();
      await raw.end();
      await emmett.close();
    }
  },
  format(result) {
    const rows = (['c1', 'c8'] as const).flatMap((key) =>
      ([['1 event', result[key]], ['5 events', result[key].events5]] as const).map(([size, f]) => [
        `${key} ${size}`,
        shown(f, 'perSec', 0),
        shown(f, 'rawPgPerSec', 0),
        shown(f, 'emmettPerSec', 0),
        shown(f, 'vsRaw', 2),
        shown(f, 'vsEmmett', 2),
      ]),
    );
    return [
      ...table(['writers, append of', 'event store /s', 'raw INSERT /s', 'emmett /s', '× raw', '× emmett'], rows),
      `median (min–max) of ${result.runs} runs; load average ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end`,
      'targets at 8 writers: at least 1.0× raw and 2× emmett',
    ];
  },
};

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

function events(count: number): NewEvent[] {
  return Array.from({ length: count }, () => ({ id: randomUUID(), type: 'AnswerRecorded', data: answer(), metadata: metadata() }));
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
