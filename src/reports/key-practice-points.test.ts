import { describe, it } from '@jest/globals';
import { DeciderSpec } from '../../test/support/decider-spec.js';
import { calendarFor } from '../calendar/working-calendar.js';
import type { Role } from '../shared/domain-types.js';
import { keyPracticePointsDecider, type PublishKeyPracticePoints } from './key-practice-points.js';

const calendar = calendarFor('GB-ENG');
const today = '2027-01-15';
const qa = { staffId: 'qa', roles: ['AUDIT_TEAM'] as Role[] };
const spec = DeciderSpec.for(keyPracticePointsDecider);

const scheduled = {
  type: 'CycleScheduled',
  data: { cycleId: 'c1', name: 'December EH', service: 'Early Help', month: '2026-12', kloes: [], moderationDue: '2026-12-31' },
};
const closed = { type: 'CycleClosed', data: { cycleId: 'c1', closedOn: '2027-01-10', closedById: 'qa' } };
const publish = (points: string[], actor = qa): PublishKeyPracticePoints => ({
  type: 'PublishKeyPracticePoints',
  data: { cycleId: 'c1', points },
  actor,
  today,
  calendar,
});
const published = (points: string[]) => ({ type: 'KeyPracticePointsPublished', data: { cycleId: 'c1', points, publishedById: 'qa', publishedOn: today } });

describe('PublishKeyPracticePoints', () => {
  it('publishes the points, trimmed and without repeats, on a closed cycle too', () => {
    spec
      .given([scheduled, closed])
      .when(publish([' Hear the child ', 'Record the rationale', 'Hear the child']))
      .then([published(['Hear the child', 'Record the rationale'])]);
  });

  it('replaces an earlier list, but refuses to publish the same list again', () => {
    spec.given([scheduled, published(['One'])]).when(publish(['One', 'Two'])).then([published(['One', 'Two'])]);
    spec.given([scheduled, published(['One'])]).when(publish([' One '])).thenThrows('CONFLICT', /already published for cycle c1/);
  });

  it('takes up to 10 points and no more', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `Point ${i + 1}`);
    spec.given([scheduled]).when(publish(ten)).then([published(ten)]);
    spec.given([scheduled]).when(publish([...ten, 'Point 11'])).thenThrows('BAD_USER_INPUT', /^points: at most 10 key practice points$/, 'points');
  });

  it('refuses an empty list, an empty point or one too long, naming the field', () => {
    spec.given([scheduled]).when(publish([])).thenThrows('BAD_USER_INPUT', /^points: at least one key practice point is required$/, 'points');
    spec.given([scheduled]).when(publish(['Fine', '  '])).thenThrows('BAD_USER_INPUT', /^points: a key practice point must not be empty$/, 'points');
    spec.given([scheduled]).when(publish(['x'.repeat(1001)])).thenThrows('BAD_USER_INPUT', /^points: each key practice point is at most 1000 characters$/, 'points');
  });

  it('refuses an unknown cycle, and anyone but the audit team', () => {
    spec.given([]).when(publish(['One'])).thenThrows('NOT_FOUND', /^cycle c1 does not exist$/);
    spec
      .given([scheduled])
      .when(publish(['One'], { staffId: 'hos', roles: ['HEAD_OF_SERVICE'] }))
      .thenThrows('FORBIDDEN', /^only AUDIT_TEAM may publish key practice points$/);
  });
});
