import type { Grade } from '../shared/domain-types.js';
import type { LinkedPlan } from './decider.js';
import type { UoPPMeetingRecord } from './audit.types.js';

/**
 * A UoPPHeld event as the record of the meeting (000 "Understanding our Practice meetings"): that it
 * took place, when, who chaired and attended, the plan it links to. The `index`-th meeting of the
 * audit; events from before meetings were told apart count the first as INITIAL.
 */
export function uoppMeetingView(data: Record<string, unknown>, index: number): UoPPMeetingRecord {
  return {
    meeting: data.meeting === 'FOLLOW_UP' || data.meeting === 'INITIAL' ? data.meeting : index === 0 ? 'INITIAL' : 'FOLLOW_UP',
    heldOn: String(data.heldOn),
    chairId: String(data.chairId),
    attendeeIds: Array.isArray(data.attendeeIds) ? data.attendeeIds.map(String) : [],
    linkedPlan: (data.linkedPlan as LinkedPlan | null | undefined) ?? null,
    gradeBefore: data.from as Grade,
    revisedGrade: (data.revisedGrade as Grade | null | undefined) ?? null,
  };
}
