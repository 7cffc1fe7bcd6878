import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ALL_PROJECTIONS, rebuildAll } from '../projections/index.js';
import { ProjectionRunner } from '../projections/runner/projection-runner.js';
import { createReadModelDataSource } from '../projections/data-source.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { type BenchContext, type BenchModule, table } from './bench-module.js';
import { generateAuthority, ONE_YEAR, TEN_YEARS, type GeneratedAuthority } from './generate-authority.js';

/**
 * The read side on a generated authority (generate-authority.ts): rebuilding every read model from
 * position 0, and the tracker and board report queries over HTTP against the real service on it.
 * The authority is generated once per run and shared by both benchmarks.
 */

interface Authority extends GeneratedAuthority {
  url: string;
  generateSeconds: number;
}

let authority: Promise<Authority> | null = null;

function generatedAuthority(context: BenchContext): Promise<Authority> {
  authority ??= (async () => {
    const shape = context.quick ? ONE_YEAR : TEN_YEARS;
    const url = await context.createDatabase();
    const store = await PostgresEventStore.connect(url, { poolSize: 10 });
    try {
      context.log(`authority: generating ${shape.years} year(s), ${shape.services} services, ${shape.cyclesPerYear} cycles a year, ~${shape.auditsPerCycle} audits a cycle…`);
      const started = performance.now();
      const generated = await generateAuthority(store, shape, { log: context.log });
      const generateSeconds = (performance.now() - started) / 1000;
      context.log(`authority: ${generated.events.toLocaleString('en-GB')} events, ${generated.cycles.length} cycles, ${generated.audits} audits in ${generateSeconds.toFixed(1)} s`);
      return { ...generated, url, generateSeconds };
    } finally {
      await store.close();
    }
  })();
  return authority;
}

// ---------------------------------------------------------------------------------------------

export interface RebuildResult {
  events: number;
  seconds: number;
  perSec: number;
  cycles: number;
  audits: number;
  projections: string[];
  /** Resident memory of this process before the rebuild, and the most it reached during it (sampled every 50 ms). */
  rssBeforeMb: number;
  peakRssMb: number;
  /** With --detail: each projection rebuilt alone, events/s. */
  byProjection?: Record<string, number>;
}

/** Every read model emptied and replayed from position 0, as `npm run projections:rebuild` does. */
export const rebuildBench: BenchModule<RebuildResult> = {
  key: 'rebuild',
  title: 'Projection rebuild from position 0 on the generated authority',
  async run(context) {
    const generated = await generatedAuthority(context);
    const store = await PostgresEventStore.connect(generated.url, { poolSize: 10 });
    const dataSource = createReadModelDataSource(generated.url);
    try {
      await dataSource.initialize();
      // The tables exist beforehand, as they do when a deployment rebuilds: creating them is not the rebuild.
      await dataSource.synchronize();
      context.log(`rebuild: ${ALL_PROJECTIONS.length} projections from position 0 to ${generated.head.toLocaleString('en-GB')}…`);
      const rssBefore = process.memoryUsage.rss();
      let peakRss = rssBefore;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
      const started = performance.now();
      try {
        await rebuildAll(store, dataSource, { log: () => undefined, error: (m) => context.log(`rebuild: ${m}`) });
      } finally {
        clearInterval(sampler);
      }
      const seconds = (performance.now() - started) / 1000;
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      const result: RebuildResult = {
        events: generated.head,
        seconds: round(seconds),
        perSec: Math.round(generated.head / seconds),
        cycles: generated.cycles.length,
        audits: generated.audits,
        projections: ALL_PROJECTIONS.map((p) => p.name),
        rssBeforeMb: Math.round(rssBefore / 1048576),
        peakRssMb: Math.round(peakRss / 1048576),
      };
      if (context.detail) {
        // Which read model the time goes to: each rebuilt alone, one after another.
        result.byProjection = {};
        for (const projection of ALL_PROJECTIONS) {
          const runner = new ProjectionRunner(store, dataSource, [projection], { logger: { log: () => undefined, error: (m) => context.log(`rebuild: ${m}`) } });
          const alone = performance.now();
          try {
            await runner.rebuild();
          } finally {
            await runner.stop();
          }
          result.byProjection[projection.name] = Math.round(generated.head / ((performance.now() - alone) / 1000));
          context.log(`rebuild: ${projection.name} alone: ${result.byProjection[projection.name].toLocaleString('en-GB')} events/s`);
        }
      }
      return result;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await store.close();
    }
  },
  format(result) {
    return [
      `${result.events.toLocaleString('en-GB')} events (${result.cycles} cycles, ${result.audits.toLocaleString('en-GB')} audits) into ${result.projections.length} read models`,
      `${result.seconds} s: ${result.perSec.toLocaleString('en-GB')} events/s (target: at least 20,000 events/s)`,
      `memory of the rebuilding process: ${result.rssBeforeMb} MB resident before, at most ${result.peakRssMb} MB during`,
      ...Object.entries(result.byProjection ?? {}).map(([name, perSec]) => `  ${name} alone: ${perSec.toLocaleString('en-GB')} events/s`),
    ];
  },
};

// ---------------------------------------------------------------------------------------------

export interface Latency {
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU time the service process spent per request (user + system, from /proc; null elsewhere). */
  serviceCpuMsPerRequest: number | null;
}

export interface QueriesResult {
  ratePerSec: number;
  tracker: Latency;
  boardReport: Latency;
  /** A query that touches no read model, at the same rate in the same run: the floor under the others. */
  baseline: Latency;
}

const RATE_PER_SEC = 100;

const QUERIES = {
  baseline: { query: '{ me { id } }', perCycle: false },
  tracker: {
    query: `query($cycleId: ID!) { tracker(cycleId: $cycleId) {
      auditId cycleId caseRef practitioner team auditor moderator initialGrade moderatedGrade actions uoppHeld reauditRequired
      status kind currentGrade nextDeadline nextDeadlineKind overdue } }`,
    perCycle: true,
  },
  boardReport: {
    query: `query($cycleId: ID!) { boardReport(cycleId: $cycleId, previousCycles: 3) {
      cycle { cycleId name month audits grades { grade initial moderated } moderation { moderated unchanged upgraded downgraded agreementRate } }
      previous { cycleId name month audits grades { grade initial moderated } moderation { moderated unchanged upgraded downgraded agreementRate } } } }`,
    perCycle: true,
  },
} as const;

/**
 * p50/p95 of the tracker and board report queries over HTTP, each sent at a steady 100 requests a
 * second (open loop: a request leaves on schedule whether or not earlier ones have answered, and its
 * time counts from when it was due, so a queue building up shows). The service runs as its own
 * process (`node dist/src/main.js`) on the generated authority, its read models rebuilt; each query
 * goes round the cycles in turn. Before any is counted the database is vacuumed and analysed and
 * the three queries are sent in turn for a few seconds at the same rate.
 */
export const queriesBench: BenchModule<QueriesResult> = {
  key: 'queries',
  title: `GraphQL query latency over HTTP at ${RATE_PER_SEC} requests/s on the generated authority`,
  async run(context) {
    const generated = await generatedAuthority(context);
    const requests = context.quick ? 300 : 1000;
    const service = await startService(generated, context);
    try {
      // Steady state first, as a deployment that has run a while is in: table statistics and visibility
      // maps of the freshly rebuilt read models, then every query warmed up (JIT, caches, connections).
      await vacuumAnalyze(generated.url);
      const token = await service.login('admin');
      const cycleIds = generated.cycles.map((c) => c.id);
      const names = ['baseline', 'tracker', 'boardReport'] as const;
      const sender = (name: (typeof names)[number]) => (i: number) =>
        service.graphql(token, QUERIES[name].query, QUERIES[name].perCycle ? { cycleId: cycleIds[(i * 7) % cycleIds.length] } : {});
      context.log(`queries: warm-up, ${RATE_PER_SEC * 3} requests of each query in turn at ${RATE_PER_SEC}/s…`);
      await openLoop((i) => sender(names[i % names.length])(Math.floor(i / names.length)), RATE_PER_SEC * 9, RATE_PER_SEC);
      const result = { ratePerSec: RATE_PER_SEC } as QueriesResult;
      for (const name of names) {
        const send = sender(name);
        context.log(`queries: ${name}, ${requests} requests at ${RATE_PER_SEC}/s…`);
        const cpuBefore = service.cpuMs();
        const outcomes = await openLoop(send, requests, RATE_PER_SEC);
        const cpuAfter = service.cpuMs();
        result[name] = { ...summarise(outcomes), serviceCpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : round((cpuAfter - cpuBefore) / requests) };
        if (result[name].errors > 0) context.log(`queries: ${name}: ${result[name].errors} request(s) failed; first: ${service.firstError()}`);
      }
      return result;
    } finally {
      await service.stop();
    }
  },
  format(result) {
    const row = (name: string, l: Latency) => [name, l.requests, l.errors, l.p50Ms, l.p95Ms, l.p99Ms, l.maxMs, l.serviceCpuMsPerRequest ?? '–'];
    return [
      ...table(
        ['query', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'service CPU ms/request'],
        [row('baseline { me { id } }', result.baseline), row('tracker(cycleId)', result.tracker), row('boardReport(cycleId)', result.boardReport)],
      ),
      '',
      // One Node process serves on one core: past 100% the queue, and the latency, only grow.
      ...(['baseline', 'tracker', 'boardReport'] as const)
        .filter((name) => result[name].serviceCpuMsPerRequest !== null)
        .map((name) => `${name}: the service busy ${Math.round((result[name].serviceCpuMsPerRequest! * result.ratePerSec) / 10)}% of one core at ${result.ratePerSec} requests/s`),
      'target: tracker and board report p95 under 30 ms',
    ];
  },
};

interface Outcome {
  ms: number;
  ok: boolean;
}

/** `count` requests, the i-th due at start + i/rate; each timed from when it was due until it answered. */
async function openLoop(send: (i: number) => Promise<boolean>, count: number, ratePerSec: number): Promise<Outcome[]> {
  const interval = 1000 / ratePerSec;
  const start = performance.now() + 20;
  const pending: Array<Promise<Outcome>> = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      send(i).then(
        (ok) => ({ ms: performance.now() - due, ok }),
        () => ({ ms: performance.now() - due, ok: false }),
      ),
    );
  }
  return Promise.all(pending);
}

function summarise(outcomes: Outcome[]): Omit<Latency, 'serviceCpuMsPerRequest'> {
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]);
  return { requests: outcomes.length, errors: outcomes.filter((o) => !o.ok).length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: round(times[times.length - 1]) };
}

// ---------------------------------------------------------------------------------------------

interface RunningService {
  login(staffId: string): Promise<string>;
  /** True for a 200 answer with data and no errors. */
  graphql(token: string, query: string, variables: Record<string, unknown>): Promise<boolean>;
  firstError(): string | null;
  /** CPU time the service process has used so far, in ms; null where /proc is not there. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/** The built service (dist/src/main.js) as its own process on the authority's database. */
async function startService(generated: Authority, context: BenchContext): Promise<RunningService> {
  const port = await freePort();
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.js');
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: generated.url,
      AUTH_MODE: 'dev',
      SEED_DEMO: 'false',
      APP_CLOCK: `${generated.today}T10:00:00.000Z`,
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;

  // Ready when every projection is live: the read models are at the head of the store (without the
  // rebuild benchmark before it, the service catches them up itself first).
  const deadline = Date.now() + 3_600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before it was ready: ${stderr}`);
    const health = await fetch(`${base}/health`).then((r) => (r.ok ? (r.json() as Promise<{ projections: Array<{ state: string }> }>) : null), () => null);
    if (health && health.projections.every((p) => p.state === 'live')) break;
    if (Date.now() > deadline) throw new Error(`the service was not ready within an hour: ${stderr}`);
    await sleep(250);
  }
  context.log(`queries: service ready on port ${port}`);

  let firstError: string | null = null;
  return {
    async login(staffId) {
      const response = await fetch(`${base}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: staffId }) });
      if (!response.ok) throw new Error(`dev-login ${staffId}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    async graphql(token, query, variables) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      const ok = response.status === 200 && !!body.data && !body.errors?.length;
      if (!ok) firstError ??= `${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`;
      return ok;
    },
    firstError: () => firstError,
    cpuMs() {
      try {
        // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 a second on Linux).
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return null;
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const stopped = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
        if (stopped === 'timeout') child.kill('SIGKILL');
      }
    },
  };
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
