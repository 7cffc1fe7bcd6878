import type { UoppMeeting } from '../../src/shared/deadlines.js';
import { type EventData, MalformedEventError } from '../runner/event-data.js';

/**
 * Reads a UoPPHeld event's meeting facts, for the read models that keep the follow-up UoPP date
 * (followUpUoppDueAfter in src/shared/deadlines.ts).
 */
export function uoppMeeting(data: EventData): UoppMeeting {
  const meeting = data.optionalString('meeting');
  if (meeting !== null && meeting !== 'INITIAL' && meeting !== 'FOLLOW_UP') throw new MalformedEventError(`field "meeting" must be INITIAL or FOLLOW_UP, got "${meeting}"`);
  return {
    heldOn: data.date('heldOn'),
    from: data.grade('from'),
    meeting,
    followUpDue: data.present('followUpDue') ? data.optionalDate('followUpDue') : undefined,
  };
}
