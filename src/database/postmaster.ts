import { spawn, type ChildProcess } from 'node:child_process';
import type { RunAs } from './postgres-runtime.js';

export interface PostmasterOptions {
  program: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  runAs: RunAs | null;
  log: (line: string) => void;
  onRestart?: (event: { phase: 'exited' | 'restarted' | 'failed'; detail: string }) => void;
  /** First and longest wait between restart attempts (doubling). Default 250 ms and 5 s. */
  restartDelayMs?: { first: number; max: number };
}

const READY = 'database system is ready to accept connections';

/**
 * Runs the postgres server process and keeps it running: when it exits without being asked to
 * (kill -9, a crash, a stop by hand), it is started again, with backoff, until it stays up. After
 * a kill -9 of the postmaster its backends take a moment to notice and go; until they have, a new
 * postmaster refuses to start, so the first attempts may fail. Connections made before are lost;
 * the pools and the LISTEN connection make new ones.
 */
export class Postmaster {
  private child: ChildProcess | null = null;
  private supervising = true;
  private restartTimer: NodeJS.Timeout | null = null;
  private restarting: Promise<void> | null = null;
  private attempts = 0;
  private readonly onExit = () => this.child?.kill('SIGINT');

  constructor(private readonly options: PostmasterOptions) {}

  /** Resolves once the server accepts connections; rejects if it exits first. */
  async start(): Promise<void> {
    await this.spawnOnce();
    // If this process exits without stopping it (process.exit after a fault), it stops too.
    process.once('exit', this.onExit);
  }

  stopSupervising(): void {
    this.supervising = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  /** Fast shutdown (SIGINT): sessions are ended, the server checkpoints and exits. */
  async stop(): Promise<void> {
    this.stopSupervising();
    process.removeListener('exit', this.onExit);
    await this.restarting?.catch(() => undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    await exited;
  }

  private spawnOnce(): Promise<void> {
    const { program, args, env, runAs, log } = this.options;
    const child = spawn(program, args, { ...(runAs ?? {}), env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        log(text.trim());
        if (!ready) output = (output + text).slice(-4000);
        if (!ready && text.includes(READY)) {
          ready = true;
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', (error) => {
        if (!ready) reject(error);
      });
      child.once('exit', (code, signal) => {
        if (!ready) {
          reject(new Error(`postgres exited (${signal ?? `code ${code}`}) before accepting connections: ${lastLines(output)}`));
          return;
        }
        if (this.child === child) this.exitedUnexpectedly(child.pid, code, signal);
      });
    });
  }

  private exitedUnexpectedly(pid: number | undefined, code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.supervising) return;
    const detail = `PostgreSQL (pid ${pid}) exited unexpectedly (${signal ?? `code ${code}`}); starting it again`;
    this.options.log(detail);
    this.options.onRestart?.({ phase: 'exited', detail });
    this.attempts = 0;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (!this.supervising || this.restartTimer) return;
    const { first, max } = this.options.restartDelayMs ?? { first: 250, max: 5_000 };
    const delay = Math.min(max, first * 2 ** this.attempts);
    this.attempts++;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.supervising) return;
      this.restarting = this.spawnOnce().then(
        () => {
          const detail = `PostgreSQL started again (pid ${this.child?.pid}) after ${this.attempts} attempt(s)`;
          this.options.log(detail);
          this.options.onRestart?.({ phase: 'restarted', detail });
        },
        (error: unknown) => {
          const detail = `PostgreSQL did not start again (attempt ${this.attempts}): ${error instanceof Error ? error.message : String(error)}`;
          this.options.onRestart?.({ phase: 'failed', detail });
          this.scheduleRestart();
        },
      );
      void this.restarting.finally(() => (this.restarting = null));
    }, delay);
    this.restartTimer.unref();
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ');
}
