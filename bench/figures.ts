import { loadavg } from 'node:os';

/** The spread of one figure over the runs it is the median of. */
export interface Spread {
  min: number;
  max: number;
  runs: number[];
}

/** Figures measured in several runs: each key holds the median, `range` the min, max and every run. */
export type Summary<K extends string> = Record<K, number> & { range: Record<K, Spread> };

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of each figure over the runs, rounded to one decimal, with its spread. */
export function summarise<K extends string>(runs: Array<Record<K, number>>): Summary<K> {
  const keys = Object.keys(runs[0] ?? {}) as K[];
  const result = { range: {} } as Summary<K>;
  for (const key of keys) {
    const values = runs.map((run) => run[key]).filter((value) => typeof value === 'number' && Number.isFinite(value));
    if (values.length === 0) continue;
    (result as Record<K, number>)[key] = round(median(values));
    result.range[key] = { min: round(Math.min(...values)), max: round(Math.max(...values)), runs: values.map(round) };
  }
  return result;
}

/** One decimal; two below 10 (ratios, milliseconds of CPU). */
export function round(value: number): number {
  return Math.abs(value) < 10 ? Math.round(value * 100) / 100 : Math.round(value * 10) / 10;
}

/** The 1-minute load average now: the machine is shared, so every figure says how busy it was. */
export function load(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}

/** `median (min–max)` for the console. */
export function shown(summary: object, key: string, digits = 1): string {
  const value = (summary as Record<string, unknown>)[key];
  const spread = (summary as { range?: Record<string, Spread> }).range?.[key];
  if (typeof value !== 'number' || !spread) return '–';
  const f = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: digits });
  return `${f(value)} (${f(spread.min)}–${f(spread.max)})`;
}
