import type { EventStore } from '../src/event-store/event-store.port.js';
import { buildProgramme, type AuthorityShape, type GeneratedAuthority, type GenerateOptions } from '../src/demo/programme.js';

export { SERVICES, type AuthorityShape, type GeneratedAuthority, type GeneratedCycle, type GenerateOptions } from '../src/demo/programme.js';

/**
 * The benchmark's authorities, built by the programme builder (src/demo/programme.ts) through the
 * deciders, as the read models' test programme is: the same rules, deadlines and shapes as live work.
 */

/** The authority: 10 years, 7 services, 6 cycles a year, about 25 audits a cycle. */
export const TEN_YEARS: AuthorityShape = { years: 10, services: 7, cyclesPerYear: 6, auditsPerCycle: 25, startMonth: '2015-01' };
/** For trying the benchmark out. */
export const ONE_YEAR: AuthorityShape = { years: 1, services: 7, cyclesPerYear: 6, auditsPerCycle: 25, startMonth: '2024-01' };

export function generateAuthority(store: EventStore, shape: AuthorityShape, options: GenerateOptions = {}): Promise<GeneratedAuthority> {
  return buildProgramme(store, shape, options);
}
