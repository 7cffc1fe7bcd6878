import { CHECKPOINT_CHANNEL, type ProjectionStatus } from '../../projections/runner/projection-runner.js';

export { CHECKPOINT_CHANNEL };

/**
 * How far the read models are, for read-your-writes and /health. In one process (SERVICE_ROLE=all)
 * it is the projection runner itself; an API instance follows the checkpoints the active worker
 * commits (CheckpointFollower).
 */
export abstract class ReadModelProgress {
  /** Resolves once every projection's checkpoint is at or after `position`; rejects on timeout or a failed projection. */
  abstract waitFor(position: number, timeoutMs?: number): Promise<void>;
  abstract status(): ProjectionStatus[];
}


/** Parses a checkpoint notification's payload; null for anything else. */
export function parseCheckpointNotice(payload: string | undefined): { name: string; position: number } | null {
  if (!payload) return null;
  const at = payload.lastIndexOf(':');
  if (at <= 0) return null;
  const digits = payload.slice(at + 1);
  if (!/^\d{1,16}$/.test(digits)) return null;
  const position = Number(digits);
  return { name: payload.slice(0, at), position };
}

/** True when every expected projection (name → code version) has a checkpoint of that version at or after `position`. */
export function checkpointsReach(
  expected: ReadonlyArray<{ name: string; version: number }>,
  checkpoints: ReadonlyMap<string, { version: number; position: number }>,
  position: number,
): boolean {
  return expected.every(({ name, version }) => {
    const stored = checkpoints.get(name);
    return stored !== undefined && stored.version === version && stored.position >= position;
  });
}
