import { cycleDecider } from '../../cycles/decider.js';
import { streams } from '../../shared/domain-types.js';
import type { WriteSide } from '../../write-side/write-side.js';
import type { CycleFact } from '../decider.js';

/** The cycle as its own stream has it; null when it was never scheduled. */
export async function cycleFact(writeSide: WriteSide, cycleId: string): Promise<CycleFact | null> {
  const { state, exists } = await writeSide.load(streams.cycle(cycleId), cycleDecider);
  return exists ? { id: state.id, service: state.service, month: state.month, status: state.status } : null;
}
