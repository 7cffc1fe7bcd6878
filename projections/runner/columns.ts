import type { ValueTransformer } from 'typeorm';

/** bigint columns (global positions) arrive from pg as strings; they fit a JS number by far. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
