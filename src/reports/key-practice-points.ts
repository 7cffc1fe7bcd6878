import { requireRole, type Decider, type CommandContext } from '../shared/decider.js';
import type { LocalDate } from '../shared/domain-types.js';
import { badInput, conflict, notFound } from '../shared/errors.js';
import type { CycleScheduled } from '../cycles/events.js';

/**
 * REP-5 (docs/rules/reporting.md). 000 guide, "Reporting to Boards": beside the board report, "a second report of '10 key practice
 * points' will be written for front line practitioners". The audit team publishes them on the cycle's
 * own stream (`cycle-<id>`); publishing again replaces the list, and every list stays in the history.
 */

export const MAX_KEY_PRACTICE_POINTS = 10;
export const MAX_POINT_LENGTH = 1000;

export type KeyPracticePointsPublished = {
  type: 'KeyPracticePointsPublished';
  data: { cycleId: string; points: string[]; publishedById: string; publishedOn: LocalDate };
};

export type PublishKeyPracticePoints = CommandContext & {
  type: 'PublishKeyPracticePoints';
  data: { cycleId: string; points: readonly string[] };
};

/** The cycle stream as this rule sees it: whether the cycle exists, and the points published last. */
export type KeyPracticePointsState = { scheduled: boolean; points: string[] };

type CycleStreamEvent = CycleScheduled | KeyPracticePointsPublished | { type: string; data: unknown };

export const keyPracticePointsDecider: Decider<PublishKeyPracticePoints, CycleStreamEvent, KeyPracticePointsState> = {
  initialState: () => ({ scheduled: false, points: [] }),

  decide(command, state) {
    requireRole(command.actor, ['AUDIT_TEAM'], 'publish key practice points');
    const { cycleId } = command.data;
    if (!state.scheduled) throw notFound('cycle', cycleId);
    const points = pointList(command.data.points);
    if (points.length === state.points.length && points.every((point, i) => point === state.points[i])) {
      throw conflict(`these key practice points are already published for cycle ${cycleId}`);
    }
    return [{ type: 'KeyPracticePointsPublished', data: { cycleId, points, publishedById: command.actor.staffId, publishedOn: command.today } }];
  },

  // Other events of the cycle stream (KLOEs, closing) do not matter here; the cycle may be closed.
  evolve(state, event) {
    switch (event.type) {
      case 'CycleScheduled':
        return { ...state, scheduled: true };
      case 'KeyPracticePointsPublished':
        return { ...state, points: [...(event as KeyPracticePointsPublished).data.points] };
      default:
        return state;
    }
  },
};

/** Trimmed, repeats dropped, in the order given: 1 to 10 points, none empty. */
function pointList(points: readonly string[]): string[] {
  if (!Array.isArray(points)) throw badInput('points', 'must be a list of key practice points');
  const trimmed = points.map((p) => (typeof p === 'string' ? p.trim() : ''));
  if (trimmed.some((p) => p === '')) throw badInput('points', 'a key practice point must not be empty');
  if (trimmed.some((p) => p.length > MAX_POINT_LENGTH)) throw badInput('points', `each key practice point is at most ${MAX_POINT_LENGTH} characters`);
  const unique = [...new Set(trimmed)];
  if (unique.length === 0) throw badInput('points', 'at least one key practice point is required');
  if (unique.length > MAX_KEY_PRACTICE_POINTS) throw badInput('points', `at most ${MAX_KEY_PRACTICE_POINTS} key practice points`);
  return unique;
}
