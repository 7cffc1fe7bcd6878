import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from './bench-module.js';
import { round } from './figures.js';

export interface RunningService {
  base: string;
  pid: number;
  login(staffId: string): Promise<string>;
  /** The answer's data; throws on an HTTP error or a GraphQL error. */
  call(token: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  /** True for a 200 answer with data and no errors. */
  graphql(token: string, query: string, variables?: Record<string, unknown>): Promise<boolean>;
  firstError(): string | null;
  /** CPU time the service process has used so far, in ms (user + system, from /proc). */
  cpuMs(): number;
  /** The most resident memory the service process has had (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * The built service (dist/src/main.js) as its own process on `databaseUrl`, on a free port of its
 * own. Ready when every projection is live.
 */
export async function startService(databaseUrl: string, today: string, context: BenchContext, label: string, extraArgs: string[] = []): Promise<RunningService> {
  const port = await freePort();
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.js');
  const child: ChildProcess = spawn(process.execPath, [...extraArgs, main], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      AUTH_MODE: 'dev',
      SEED_DEMO: 'false',
      APP_CLOCK: `${today}T10:00:00.000Z`,
      LOG_FORMAT: 'json',
      // A bench client sends far more changes a minute than a person: the limit stays on (its cost is
      // part of every mutation's), high enough never to refuse.
      RATE_LIMIT_MUTATIONS: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last of what it printed, for when it fails to start.
  let stderr = '';
  const keep = (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 3_600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before it was ready: ${stderr}`);
    const health = await fetch(`${base}/health`).then((r) => (r.ok ? (r.json() as Promise<{ projections: Array<{ state: string }> }>) : null), () => null);
    if (health && health.projections.every((p) => p.state === 'live')) break;
    if (Date.now() > deadline) throw new Error(`the service was not ready within an hour: ${stderr}`);
    await sleep(250);
  }
  context.log(`${label}: service ready on port ${port} (pid ${child.pid})`);

  let firstError: string | null = null;
  const post = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    return { ok: response.status === 200 && !!body.data && !body.errors?.length, status: response.status, body };
  };
  const status = (field: string) => {
    const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0);
  };
  return {
    base,
    pid: child.pid!,
    async login(staffId) {
      const response = await fetch(`${base}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: staffId }) });
      if (!response.ok) throw new Error(`dev-login ${staffId}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    async call(token, query, variables) {
      const { ok, status, body } = await post(token, query, variables);
      if (!ok) throw new Error(`${status} ${JSON.stringify(body.errors ?? body).slice(0, 500)} for ${query.slice(0, 80)}`);
      return body.data;
    },
    async graphql(token, query, variables) {
      const { ok, status, body } = await post(token, query, variables);
      if (!ok) firstError ??= `${status} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`;
      return ok;
    },
    firstError: () => firstError,
    cpuMs() {
      // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 a second on Linux).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    peakRssMb: () => Math.round(status('VmHWM') / 1024),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const stopped = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
        if (stopped === 'timeout') child.kill('SIGKILL');
      }
    },
  };
}

export interface Outcome {
  ms: number;
  ok: boolean;
}

/** `count` requests, the i-th due at start + i/rate; each timed from when it was due until it answered. */
export async function openLoop(send: (i: number) => Promise<boolean>, count: number, ratePerSec: number): Promise<Outcome[]> {
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

export interface Latency {
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function latency(outcomes: Outcome[]): Latency {
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]);
  return { requests: outcomes.length, errors: outcomes.filter((o) => !o.ok).length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: round(times[times.length - 1]) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
