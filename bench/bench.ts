import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/database/embedded-postgres.js';
import { cpus, loadavg } from 'node:os';
import { appendBench } from './append.bench.js';
import { QUERY_NAMES, queryBench, rebuildBench, type QueryResult, type RebuildResult } from './authority.bench.js';
import type { BenchContext, BenchModule } from './bench-module.js';
import { commandBench } from './command.bench.js';
import { freePort } from './service.js';
import { load } from './figures.js';

/** Every benchmark, in the order they run. Each writes its figures under its own key. */
const MODULES: BenchModule<any>[] = [appendBench, commandBench, rebuildBench, queryBench];

const USAGE = `npm run bench -- [--out FILE] [--only KEY[,KEY]] [--seconds N] [--quick]

Runs on an embedded PostgreSQL in a temporary directory, or on the server whose admin URL is in
BENCH_DATABASE_URL (each benchmark gets a scratch database there, dropped afterwards).
  --out FILE     also write the figures as JSON
  --only KEYS    run only these benchmarks (${MODULES.map((m) => m.key).join(', ')})
  --seconds N    length of each contender's append measurement, at most 3 (default 3; 1 with --quick)
  --quick        smaller workloads for trying it out: one generated authority of one year instead of
                 1, 5 and 10 years, fewer requests

Every figure is the median of three runs, with the min and max (under "range" in the JSON). rebuild
and query share the generated authorities (bench/generate-authority.ts): 7 services audited every
other month, about 25 audits a cycle, over 1, 5 and 10 years. The machine is shared: the load average
at the start and end of each benchmark is in its figures.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      seconds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const quick = values.quick ?? false;
  const seconds = Number(values.seconds ?? (quick ? '1' : '3'));
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, not ${values.seconds}`);
  const only = values.only?.split(',').map((key) => key.trim());
  const modules = only ? MODULES.filter((module) => only.includes(module.key)) : MODULES;
  if (modules.length === 0) throw new Error(`No benchmark called ${values.only}; there are: ${MODULES.map((m) => m.key).join(', ')}`);

  const server = await startServer();
  const scratch: string[] = [];
  const context: BenchContext = {
    seconds,
    quick,
    log: (line) => console.error(line),
    async createDatabase() {
      const name = `bench_${randomBytes(5).toString('hex')}`;
      await admin(server.adminUrl, `CREATE DATABASE "${name}"`);
      scratch.push(name);
      const url = new URL(server.adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
  };

  const report: Record<string, unknown> = {};
  try {
    const version = await serverVersion(server.adminUrl);
    report.machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      postgres: version,
      server: server.description,
      quick,
      startedAt: new Date().toISOString(),
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    };
    console.log(`PostgreSQL: ${server.description}, ${version}; ${cpus().length} cores, Node ${process.version}; load average ${load()}`);
    for (const module of modules) {
      const result = await module.run(context);
      report[module.key] = result;
      console.log(`\n${module.title}\n`);
      for (const line of module.format(result)) console.log(`  ${line}`);
    }
    Object.assign(report, derived(report));
    (report.machine as Record<string, unknown>).loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  } finally {
    for (const name of scratch) await admin(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await server.stop();
  }

  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nFigures written to ${values.out}`);
  }
}

/** The issue's summary keys, taken from the benchmarks' own figures. */
function derived(report: Record<string, unknown>): Record<string, unknown> {
  const rebuild = report.rebuild as RebuildResult | undefined;
  const query = report.query as QueryResult | undefined;
  const out: Record<string, unknown> = {};
  if (query) out.baseline = { cpuMsPerRequest: query.baseline.cpuMsPerRequest, range: query.baseline.range.cpuMsPerRequest, at: '100 requests/s' };
  const peaks = { rebuild: rebuild?.peakRssMb, queryService: query?.peakRssMb, commandService: (report.command as { peakRssMb?: number } | undefined)?.peakRssMb };
  const known = Object.values(peaks).filter((v): v is number => typeof v === 'number');
  if (known.length > 0) out.memory = { peakRssMb: Math.max(...known), ...peaks };
  out.scaling = {
    rebuild: rebuild?.byYears ?? null,
    queries: query?.oneYear
      ? Object.fromEntries(
          QUERY_NAMES.map((name) => [
            name,
            {
              oneYear: { p50Ms: query.oneYear![name].p50Ms, p95Ms: query.oneYear![name].p95Ms, cpuMsPerRequest: query.oneYear![name].cpuMsPerRequest },
              [`${query.years}Years`]: { p50Ms: query[name].p50Ms, p95Ms: query[name].p95Ms, cpuMsPerRequest: query[name].cpuMsPerRequest },
            },
          ]),
        )
      : null,
  };
  return out;
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

interface BenchServer {
  adminUrl: string;
  description: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<BenchServer> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    return { adminUrl: external, description: `BENCH_DATABASE_URL (${new URL(external).host})`, stop: async () => undefined };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'practice-audit-bench-'));
  let embedded: EmbeddedPostgresHandle;
  try {
    // A free port: other PostgreSQL servers (tests, services) run on this machine too.
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  // Ctrl-C must not leave a PostgreSQL running behind.
  const onSignal = () => void embedded.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    adminUrl: embedded.adminUrl,
    description: `embedded, in ${dataDir}, port ${embedded.port}`,
    async stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
