import { performance } from 'node:perf_hooks';

/** What a benchmark module gets from the runner. */
export interface BenchContext {
  /** A new, empty database on the run's PostgreSQL; dropped when the run ends. */
  createDatabase(): Promise<string>;
  /** How long each timed measurement runs. */
  seconds: number;
  /** --quick: smaller workloads, for trying the benchmarks out. */
  quick: boolean;
  log(line: string): void;
}

/**
 * One benchmark. `run` returns the value stored under the module's own top-level key of the JSON
 * report, so modules add figures without touching each other's.
 */
export interface BenchModule<Result = unknown> {
  key: string;
  title: string;
  run(context: BenchContext): Promise<Result>;
  /** Human-readable lines for the console. */
  format(result: Result): string[];
}

/**
 * Operations per second of each contender, run by `concurrency` workers back to back. The
 * contenders take turns in short rounds, so whatever drifts during a run (the server's WAL files
 * being created, checkpoints, other load on the machine) weighs on them alike; each gets a short
 * warm-up first (connections opened, caches and plans warm).
 */
export async function compareOpsPerSecond<Name extends string>(
  contenders: Record<Name, (worker: number) => Promise<void>>,
  options: { concurrency: number; seconds: number; rounds?: number },
): Promise<Record<Name, number>> {
  const names = Object.keys(contenders) as Name[];
  const rounds = options.rounds ?? 5;
  const ops = {} as Record<Name, number>;
  const elapsed = {} as Record<Name, number>;
  for (const name of names) {
    await workers(options.concurrency, performance.now() + Math.min(500, options.seconds * 100), contenders[name]);
    ops[name] = 0;
    elapsed[name] = 0;
  }
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const started = performance.now();
      ops[name] += await workers(options.concurrency, started + (options.seconds * 1000) / rounds, contenders[name]);
      elapsed[name] += (performance.now() - started) / 1000;
    }
  }
  return Object.fromEntries(names.map((name) => [name, ops[name] / elapsed[name]])) as Record<Name, number>;
}

async function workers(concurrency: number, until: number, operation: (worker: number) => Promise<void>): Promise<number> {
  let ops = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < until) {
        await operation(worker);
        ops++;
      }
    }),
  );
  return ops;
}

export function table(headers: string[], rows: Array<Array<string | number>>): string[] {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-GB', { maximumFractionDigits: 1 }) : cell)))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ');
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('   '), ...cells.slice(1).map(line)];
}
