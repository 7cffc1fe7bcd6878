import { describe, expect, it } from '@jest/globals';
import { dateTime, timeline } from './timeline.js';

describe('the grade history as a timeline', () => {
  it('lists every change newest first, with the section title, who, when, from, to, rationale and source', () => {
    const entries = timeline(
      [
        { eventId: 'e1', section: 'S2', source: 'AUDITOR', from: null, to: 'GOOD', rationale: 'evidence', changedById: 'aud', changedAt: '2026-12-01T09:00:00.000Z' },
        { eventId: 'e2', section: 'OVERALL', source: 'DISPUTE', from: 'GOOD', to: 'INADEQUATE', rationale: 'decided', changedById: 'hos', changedAt: '2026-12-07T10:05:00.000Z' },
      ],
      { S2: 'Why help was needed' },
    );
    expect(entries.map((e) => e.eventId)).toEqual(['e2', 'e1']);
    expect(entries[0]).toEqual({ eventId: 'e2', title: 'Overall grade: Good to Inadequate', source: 'Dispute decision', from: 'Good', to: 'Inadequate', by: 'hos', at: '2026-12-07T10:05:00.000Z', rationale: 'decided' });
    expect(entries[1].title).toBe('Why help was needed: No grade to Good');
    expect(timeline([{ ...entries[0], section: 'OVERALL', source: 'MODERATOR', from: 'GOOD', to: 'GOOD', changedById: 'mod', changedAt: '' }], {})[0].title).toBe('Overall grade: Good, agreed');
  });

  it('writes an instant as a day and a time', () => {
    expect(dateTime('2026-12-07T10:05:00.000Z')).toBe('7 December 2026 at 10:05');
    expect(dateTime('nonsense')).toBe('nonsense');
  });
});
