import { execFile } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { ALL_PROJECTIONS } from '../projections/index.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { type BenchContext, type BenchModule, table } from './bench-module.js';
import { load, round, shown, summarise, type Summary } from './figures.js';
import { generateAuthority, TEN_YEARS, type AuthorityShape, type GeneratedAuthority } from './generate-authority.js';
import { latency, openLoop, startService } from './service.js';

/**
 * The read side on generated authorities (generate-authority.ts) of 1, 5 and 10 years (1 with
 * --quick): every read model rebuilt from position 0, and the queries over HTTP against the real
 * service on them. Each authority is generated once per run and shared.
 */

interface Authority extends GeneratedAuthority {
  url: string;
  years: number;
}

const authorities = new Map<number, Promise<Authority>>();

/** The years of history the run measures: the largest is the main authority. */
export function yearsMeasured(context: BenchContext): number[] {
  return context.quick ? [1] : [1, 5, 10];
}

function authorityOf(years: number, context: BenchContext): Promise<Authority> {
  let authority = authorities.get(years);
  if (!authority) {
    authority = (async () => {
      // Each ends in December 2024: the same "today" and the same last cycles, only more history.
      const shape: AuthorityShape = { ...TEN_YEARS, years, startMonth: `${2025 - years}-01` };
      const url = await context.createDatabase();
      const store = await PostgresEventStore.connect(url, { poolSize: 10 });
      try {
        context.log(`authority: generating ${years} year(s)…`);
        const started = performance.now();
        const generated = await generateAuthority(store, shape, { log: () => undefined });
        context.log(`authority: ${years} year(s): ${generated.events.toLocaleString('en-GB')} events, ${generated.cycles.length} cycles in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return { ...generated, url, years };
      } finally {
        await store.close();
      }
    })();
    authorities.set(years, authority);
  }
  return authority;
}

// ---------------------------------------------------------------------------------------------

interface RebuildRun {
  events: number;
  seconds: number;
  eventsPerSec: number;
  peakRssMb: number;
}

export interface RebuildResult extends Summary<'seconds' | 'eventsPerSec' | 'peakRssMb'> {
  events: number;
  years: number;
  projections: string[];
  /** Each authority's rebuild: events, events/s, seconds (medians). */
  byYears: Array<{ years: number; events: number; eventsPerSec: number; seconds: number; peakRssMb: number }>;
  runs: number;
  loadAverage: { start: number; end: number };
}

const RUNS = 3;
const execFileAsync = promisify(execFile);

/**
 * Every read model emptied and replayed from position 0, as `npm run projections:rebuild` does, in a
 * process of its own (bench/rebuild-child.ts), three times on each authority.
 */
export const rebuildBench: BenchModule<RebuildResult> = {
  key: 'rebuild',
  title: 'Projection rebuild from position 0 on the generated authorities',
  async run(context) {
    const started = load();
    const child = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'rebuild-child.js');
    const byYears: RebuildResult['byYears'] = [];
    let main: Summary<'seconds' | 'eventsPerSec' | 'peakRssMb'> | null = null;
    let events = 0;
    const years = yearsMeasured(context);
    for (const y of years) {
      const authority = await authorityOf(y, context);
      const runs: RebuildRun[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const { stdout } = await execFileAsync(process.execPath, [child, authority.url], { maxBuffer: 1 << 20 });
        const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<RebuildRun, 'eventsPerSec'>;
        runs.push({ ...figures, eventsPerSec: figures.events / figures.seconds });
        context.log(`rebuild: ${y} year(s), run ${run}: ${Math.round(figures.events / figures.seconds).toLocaleString('en-GB')} events/s, peak RSS ${figures.peakRssMb} MB`);
      }
      const summary = summarise(runs.map(({ seconds, eventsPerSec, peakRssMb }) => ({ seconds, eventsPerSec, peakRssMb })));
      byYears.push({ years: y, events: runs[0].events, eventsPerSec: Math.round(summary.eventsPerSec), seconds: summary.seconds, peakRssMb: summary.peakRssMb });
      main = summary;
      events = runs[0].events;
    }
    return {
      ...main!,
      eventsPerSec: Math.round(main!.eventsPerSec),
      events,
      years: years.at(-1)!,
      projections: ALL_PROJECTIONS.map((p) => p.name),
      byYears,
      runs: RUNS,
      loadAverage: { start: started, end: load() },
    };
  },
  format(result) {
    return [
      `${result.years} years: ${result.events.toLocaleString('en-GB')} events into ${result.projections.length} read models`,
      `events/s ${shown(result, 'eventsPerSec', 0)}; seconds ${shown(result, 'seconds')}; peak RSS of the rebuilding process ${shown(result, 'peakRssMb', 0)} MB`,
      ...table(
        ['history', 'events', 'events/s', 'seconds', 'peak RSS MB'],
        result.byYears.map((b) => [`${b.years} year(s)`, b.events, b.eventsPerSec, b.seconds, b.peakRssMb]),
      ),
      `median (min–max) of ${result.runs} runs; load average ${result.loadAverage.start} → ${result.loadAverage.end}; target at least 40,000 events/s, under 300 MB`,
    ];
  },
};

// ---------------------------------------------------------------------------------------------

type LatencyFigure = 'rps' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs' | 'errors' | 'cpuMsPerRequest';
export type QueryFigures = Summary<LatencyFigure> & { at200: Summary<LatencyFigure> };

export const QUERY_NAMES = ['baseline', 'tracker', 'trackerPage', 'boardReport', 'gradeChanges', 'myWorkQueue'] as const;
type QueryName = (typeof QUERY_NAMES)[number];

export type QueryResult = Record<QueryName, QueryFigures> & {
  years: number;
  requestsEach: number;
  runs: number;
  peakRssMb: number;
  /** The same queries at 100/s on the 1-year authority (the scaling comparison). */
  oneYear?: Record<QueryName, Summary<LatencyFigure>>;
  loadAverage: { start: number; end: number };
};

const RATES = [100, 200] as const;

interface QueryPlan {
  query: string;
  as: 'admin' | 'worker';
  variables(i: number, a: Authority): Record<string, unknown>;
}

const byCycle = (i: number, a: Authority) => ({ cycleId: a.cycles[(i * 7) % a.cycles.length].id });
/** The cycles of the last two years: what people read day to day. */
const recentCycle = (i: number, a: Authority) => {
  const recent = a.cycles.slice(-12 * 7 / 6 * 2);
  return { cycleId: recent[(i * 7) % recent.length].id };
};

const QUERIES: Record<QueryName, QueryPlan> = {
  baseline: { query: '{ me { id } }', as: 'admin', variables: () => ({}) },
  tracker: {
    query: `query($cycleId: ID!) { tracker(cycleId: $cycleId) {
      auditId cycleId caseRef practitioner team auditor moderator initialGrade moderatedGrade actions uoppHeld reauditRequired
      status kind currentGrade nextDeadline nextDeadlineKind overdue } }`,
    as: 'admin',
    variables: recentCycle,
  },
  trackerPage: {
    query: `query($filter: TrackerFilter) { trackerPage(filter: $filter, first: 20) { totalCount pageInfo { hasNextPage endCursor }
      nodes { auditId caseRef team auditor status currentGrade nextDeadline overdue } } }`,
    as: 'admin',
    variables: (i, a) => ({ filter: { cycleId: recentCycle(i, a).cycleId, status: i % 2 ? 'MODERATED' : null } }),
  },
  boardReport: {
    query: `query($cycleId: ID!) { boardReport(cycleId: $cycleId, previousCycles: 3) {
      cycle { cycleId name month audits grades { grade initial moderated } moderation { moderated unchanged upgraded downgraded agreementRate } }
      previous { cycleId name month audits grades { grade initial moderated } moderation { moderated unchanged upgraded downgraded agreementRate } } } }`,
    as: 'admin',
    variables: recentCycle,
  },
  gradeChanges: {
    query: 'query($cycleId: ID) { gradeChanges(cycleId: $cycleId) { eventId auditId section source from to changedById changedAt } }',
    as: 'admin',
    variables: recentCycle,
  },
  myWorkQueue: {
    query: '{ myWorkQueue { staffId asOf overdue items { kind auditId cycleId caseRef dueOn overdue chair actionId } } }',
    as: 'worker',
    variables: () => ({}),
  },
};

/** A team manager who audits other teams' work: a work queue with audits, actions and deadlines. */
const WORKER = 'tm-s1-1';

/**
 * Latency of each query over HTTP, open loop (a request leaves on schedule whether or not earlier
 * ones have answered; its time counts from when it was due, so a queue building up shows), at 100
 * and at 200 requests/s, against the service as its own process on the largest authority, then at
 * 100/s on the 1-year one. Before anything is counted the database is vacuumed and analysed and
 * every query sent in turn for a few seconds. The service's CPU time per request is from /proc.
 */
export const queryBench: BenchModule<QueryResult> = {
  key: 'query',
  title: 'GraphQL queries over HTTP, open loop at 100 and 200 requests/s',
  async run(context) {
    const started = load();
    const years = yearsMeasured(context);
    const seconds = context.quick ? 2 : 4;
    const main = await authorityOf(years.at(-1)!, context);
    const result = { years: main.years, requestsEach: seconds * 100, runs: RUNS } as QueryResult;
    const measured = await measureQueries(main, context, seconds, RATES);
    Object.assign(result, measured.figures);
    result.peakRssMb = measured.peakRssMb;
    if (years.length > 1) {
      const small = await measureQueries(await authorityOf(years[0], context), context, seconds, [100]);
      result.oneYear = Object.fromEntries(QUERY_NAMES.map((name) => [name, small.figures[name]])) as unknown as QueryResult['oneYear'];
    }
    result.loadAverage = { start: started, end: load() };
    return result;
  },
  format(result) {
    const rows = QUERY_NAMES.flatMap((name) => [
      [`${name} @100/s`, shown(result[name], 'p50Ms'), shown(result[name], 'p95Ms'), shown(result[name], 'p99Ms'), shown(result[name], 'errors', 0), shown(result[name], 'cpuMsPerRequest', 2)],
      [`${name} @200/s`, shown(result[name].at200, 'p50Ms'), shown(result[name].at200, 'p95Ms'), shown(result[name].at200, 'p99Ms'), shown(result[name].at200, 'errors', 0), shown(result[name].at200, 'cpuMsPerRequest', 2)],
    ]);
    const scaling = result.oneYear
      ? [
          '',
          ...table(
            ['at 100/s', '1 year p50 ms', `${result.years} years p50 ms`, '1 year CPU ms', `${result.years} years CPU ms`],
            QUERY_NAMES.map((name) => [name, shown(result.oneYear![name], 'p50Ms'), shown(result[name], 'p50Ms'), shown(result.oneYear![name], 'cpuMsPerRequest', 2), shown(result[name], 'cpuMsPerRequest', 2)]),
          ),
        ]
      : [];
    return [
      ...table(['query', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'service CPU ms/request'], rows),
      ...scaling,
      `${result.years}-year authority; median (min–max) of ${result.runs} runs of ${result.requestsEach} requests at 100/s (twice that at 200/s); service peak RSS ${result.peakRssMb} MB; load average ${result.loadAverage.start} → ${result.loadAverage.end}`,
      'targets at 100/s: p95 under 20 ms, p99 under 50 ms; at 200/s no errors; { me { id } } at most 1.5 ms of service CPU',
    ];
  },
};

async function measureQueries(
  authority: Authority,
  context: BenchContext,
  seconds: number,
  rates: readonly number[],
): Promise<{ figures: Record<QueryName, QueryFigures>; peakRssMb: number }> {
  const label = `query (${authority.years} year(s))`;
  const service = await startService(authority.url, authority.today, context, label);
  try {
    await vacuumAnalyze(authority.url);
    const tokens = { admin: await service.login('admin'), worker: await service.login(WORKER) };
    const sender = (name: QueryName) => (i: number) => service.graphql(tokens[QUERIES[name].as], QUERIES[name].query, QUERIES[name].variables(i, authority));
    context.log(`${label}: warm-up, every query in turn at 100/s…`);
    await openLoop((i) => sender(QUERY_NAMES[i % QUERY_NAMES.length])(Math.floor(i / QUERY_NAMES.length)), 100 * (context.quick ? 3 : 6), 100);
    const runs: Record<QueryName, Record<number, Array<Record<LatencyFigure, number>>>> = Object.fromEntries(
      QUERY_NAMES.map((name) => [name, Object.fromEntries(rates.map((rate) => [rate, []]))]),
    ) as never;
    for (let run = 1; run <= RUNS; run++) {
      for (const rate of rates) {
        context.log(`${label}: run ${run} of ${RUNS}, ${rate} requests/s, ${seconds} s a query…`);
        for (const name of QUERY_NAMES) {
          const count = rate * seconds;
          const cpuBefore = service.cpuMs();
          const began = performance.now();
          const outcomes = await openLoop(sender(name), count, rate);
          const elapsed = (performance.now() - began) / 1000;
          const cpuMsPerRequest = (service.cpuMs() - cpuBefore) / count;
          const l = latency(outcomes);
          if (l.errors > 0) context.log(`${label}: ${name}: ${l.errors} request(s) failed; first: ${service.firstError()}`);
          runs[name][rate].push({ rps: count / elapsed, p50Ms: l.p50Ms, p95Ms: l.p95Ms, p99Ms: l.p99Ms, maxMs: l.maxMs, errors: l.errors, cpuMsPerRequest: round(cpuMsPerRequest * 100) / 100 });
        }
      }
    }
    const figures = Object.fromEntries(
      QUERY_NAMES.map((name) => {
        const at100 = summarise(runs[name][100]);
        return [name, rates.includes(200) ? { ...at100, at200: summarise(runs[name][200]) } : at100];
      }),
    ) as Record<QueryName, QueryFigures>;
    return { figures, peakRssMb: service.peakRssMb() };
  } finally {
    await service.stop();
  }
}

async function vacuumAnalyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}
