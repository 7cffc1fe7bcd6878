import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exited, freePort, sleep } from './service-process.js';

/**
 * One process of the service in a given SERVICE_ROLE (api or worker), a real child process as
 * `npm run start:api` / `start:worker` run it (TypeScript through the test loader), each with a
 * data directory of its own.
 */
export interface RoleProcess {
  role: 'api' | 'worker';
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  /** Polls until `path` answers 200 (the test's own timeout bounds it). */
  until200(pathAndQuery: string): Promise<void>;
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

export async function startRole(role: 'api' | 'worker', env: Record<string, string>): Promise<RoleProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      SERVICE_ROLE: role,
      SEED_DEMO: 'false',
      AUTH_MODE: 'dev',
      NODE_ENV: 'development',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), `pa-${role}-`)),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const get = async (pathAndQuery: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${pathAndQuery}`, { headers });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, text };
  };
  const until200 = async (pathAndQuery: string) => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${role} exited (${child.exitCode}):\n${output}`);
      try {
        if ((await get(pathAndQuery)).status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
  };
  await until200('/health/live');
  return {
    role,
    child,
    port,
    base,
    output: () => output,
    get,
    until200,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited(child);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    },
  };
}

/** GraphQL over HTTP against one API instance, as anyone (dev login on that instance). */
export function graphqlClient(api: { base: string }, idempotencyKeys = true) {
  const tokens = new Map<string, string>();
  let n = 0;
  const login = async (staffId: string) => {
    const known = tokens.get(staffId);
    if (known) return known;
    const response = await fetch(`${api.base}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: staffId }) });
    if (response.status !== 200) throw new Error(`dev-login ${staffId}: ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    tokens.set(staffId, token);
    return token;
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string | null, key?: string) => {
    const bearer = token === undefined ? await login('admin') : token;
    const idempotency = key ?? (idempotencyKeys && query.trim().startsWith('mutation') ? `k-${process.pid}-${Date.now()}-${++n}` : undefined);
    const response = await fetch(`${api.base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(idempotency ? { 'idempotency-key': idempotency } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  };
  const ok = async (query: string, variables: Record<string, unknown> = {}, token?: string | null) => {
    const result = await gql(query, variables, token);
    if (result.errors) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  return { login, gql, ok };
}

/** A metric's value from the exposition text (summed over series that match every given label). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | null {
  let total: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
