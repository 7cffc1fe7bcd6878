import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/database/embedded-postgres.js';
import { appendBench } from './append.bench.js';
import { queriesBench, rebuildBench } from './authority.bench.js';
import type { BenchContext, BenchModule } from './bench-module.js';

/** Every benchmark, in the order they run. Each writes its figures under its own key. */
const MODULES: BenchModule<any>[] = [appendBench, rebuildBench, queriesBench];

const USAGE = `npm run bench -- [--out FILE] [--only KEY[,KEY]] [--seconds N] [--quick] [--detail]

Runs on an embedded PostgreSQL in a temporary directory, or on the server whose admin URL is in
BENCH_DATABASE_URL (each benchmark gets a scratch database there, dropped afterwards).
  --out FILE     also write the figures as JSON
  --only KEYS    run only these benchmarks (${MODULES.map((m) => m.key).join(', ')})
  --seconds N    length of each timed measurement (default 5; 1 with --quick)
  --quick        smaller workloads for trying it out: a generated authority of one year instead of
                 ten, fewer requests per query
  --detail       also rebuild each read model alone, to see where the rebuild's time goes

rebuild and queries share one generated authority (bench/generate-authority.ts): 10 years of 7
services audited every other month, about 25 audits a cycle.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      seconds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      detail: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const quick = values.quick ?? false;
  const seconds = Number(values.seconds ?? (quick ? '1' : '5'));
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, not ${values.seconds}`);
  const only = values.only?.split(',').map((key) => key.trim());
  const modules = only ? MODULES.filter((module) => only.includes(module.key)) : MODULES;
  if (modules.length === 0) throw new Error(`No benchmark called ${values.only}; there are: ${MODULES.map((m) => m.key).join(', ')}`);

  const server = await startServer();
  const scratch: string[] = [];
  const context: BenchContext = {
    seconds,
    quick,
    detail: values.detail ?? false,
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
    console.log(`PostgreSQL: ${server.description}`);
    for (const module of modules) {
      const result = await module.run(context);
      report[module.key] = result;
      console.log(`\n${module.title}\n`);
      for (const line of module.format(result)) console.log(`  ${line}`);
    }
  } finally {
    for (const name of scratch) await admin(server.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await server.stop();
  }

  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nFigures written to ${values.out}`);
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
    embedded = await startEmbeddedPostgres({ dataDir, port: 55532 });
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
