import { OVERALL } from '../../shared/domain-types.js';
import { GRADE_LABELS } from '../kernel/filters.js';
import type { GradeChange } from './history.queries.js';

/** Who gave a grade, in words (the API's GradeSource). */
export const SOURCE_LABELS: Record<string, string> = {
  AUDITOR: 'Auditor',
  MODERATOR: 'Moderator',
  UOPP: 'UoPP meeting',
  DISPUTE: 'Dispute decision',
};

/** One entry of the MoJ timeline. */
export interface TimelineEntry {
  eventId: string;
  title: string;
  source: string;
  from: string;
  to: string;
  by: string;
  at: string;
  rationale: string;
}

const grade = (g: string | null) => (g ? (GRADE_LABELS[g] ?? g) : 'No grade');

/** Every grade change, newest first (the trail keeps them oldest first), with the section's title. */
export function timeline(changes: GradeChange[], titles: Record<string, string>): TimelineEntry[] {
  return [...changes].reverse().map((c) => ({
    eventId: c.eventId,
    title: `${c.section === OVERALL ? 'Overall grade' : (titles[c.section] ?? c.section)}: ${c.from === c.to ? `${grade(c.to)}, agreed` : `${grade(c.from)} to ${grade(c.to)}`}`,
    source: SOURCE_LABELS[c.source] ?? c.source,
    from: grade(c.from),
    to: grade(c.to),
    by: c.changedById,
    at: c.changedAt,
    rationale: c.rationale,
  }));
}

/** 2026-12-07T10:05:00.000Z → 7 December 2026 at 10:05 (UTC, as the trail records it). */
export function dateTime(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]} at ${m[4]}:${m[5]}`;
}
