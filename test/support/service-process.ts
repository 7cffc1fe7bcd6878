import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The service in a real child process, as `npm start` runs it (TypeScript sources through the
 * test loader, no build), for tests that kill, stop or restart what it stands on.
 */
export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  /** Everything it printed so far. */
  output(): string;
  health(): Promise<{ status: number; body: any }>;
  /** A GraphQL request as `admin` (dev login made at start). */
  gql(query: string, variables?: Record<string, unknown>): Promise<{ status: number; data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> }>;
  /** A GET of a plain HTTP route as `admin`, with its JSON answer. */
  http(pathAndQuery: string): Promise<{ status: number; body: any }>;
  /** Polls /health until it answers 200 (the test's own timeout bounds it). */
  healthy(): Promise<void>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
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

export function exited(proc: ChildProcess): Promise<number | null> {
  return proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve(proc.exitCode)
    : new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startService(env: Record<string, string>, cwd = process.cwd()): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), SEED_DEMO: 'false', AUTH_MODE: 'dev', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  let token: string | null = null;

  const health = async () => {
    const response = await fetch(`${base}/health`);
    return { status: response.status, body: await response.json() };
  };
  const healthy = async () => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`service exited (${child.exitCode}):\n${output}`);
      try {
        if ((await health()).status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
  };
  await healthy();
  const login = await fetch(`${base}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'admin' }) });
  token = ((await login.json()) as { token: string }).token;

  return {
    child,
    port,
    output: () => output,
    health,
    healthy,
    async http(pathAndQuery) {
      const response = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, body };
    },
    async gql(query, variables = {}) {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited(child);
    },
  };
}
