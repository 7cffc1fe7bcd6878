import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../../test/support/decider-spec.js';
import { allocated, cmd, fullyGraded, who } from '../../../test/support/audit-fixtures.js';
import { calendarFor } from '../../calendar/working-calendar.js';
import { cycleDecider } from '../../cycles/decider.js';
import type { CycleEvent } from '../../cycles/events.js';
import { moderationSample, sampleSize, type DrawModerationSample } from '../../cycles/moderation-sample.js';
import { auditDecider, type ApplyModerationSample, type CompleteModeration, type ModerateGrade } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { findTemplate } from '../templates/index.js';

/** AUD-10 (004 "10% of audits received are moderated each month by the AP team"): docs/rules/the-audit.md. */

const sc3 = findTemplate('social-care', 3)!;
const sc2 = findTemplate('social-care', 2)!;
const calendar = calendarFor('GB-ENG');
const today = '2026-12-31';
const ids = Array.from({ length: 23 }, (_, i) => `a${String(i + 1).padStart(2, '0')}`);

describe('AUD-10: the sample is random and reproducible', () => {
  it('is 10% of the audits received, rounded up, so a month with any audit has one moderated', () => {
    expect([0, 1, 9, 10, 11, 23, 100].map((n) => sampleSize(n, 10))).toEqual([0, 1, 1, 1, 2, 3, 10]);
  });

  it('the same seed and audits give the same sample, whatever their order; another seed another sample', () => {
    const drawn = moderationSample(ids, 'seed-december', 10);
    expect(drawn).toHaveLength(3);
    expect(drawn.every((id) => ids.includes(id))).toBe(true);
    expect(moderationSample([...ids].reverse(), 'seed-december', 10)).toEqual(drawn);
    const others = ['s1', 's2', 's3', 's4', 's5', 's6'].map((seed) => moderationSample(ids, seed, 10).join());
    expect(new Set([drawn.join(), ...others]).size).toBeGreaterThan(1);
  });
});

describe('AUD-10: the audit team draws the sample on the cycle', () => {
  const spec = DeciderSpec.for(cycleDecider);
  const scheduled: CycleEvent = {
    type: 'CycleScheduled',
    data: { cycleId: 'c1', name: 'December CSC', service: 'CSC', month: '2026-12', kloes: ['Voice of the child'], moderationDue: '2026-12-31' },
  };
  const drawCmd = (received: string[], seed = 'seed-december', actor = who.admin): DrawModerationSample => ({
    type: 'DrawModerationSample',
    data: { cycleId: 'c1', sampleId: 'smp-1', seed },
    received,
    percent: 10,
    actor,
    today,
    calendar,
  });
  const drawn: CycleEvent = {
    type: 'ModerationSampleDrawn',
    data: {
      cycleId: 'c1',
      sampleId: 'smp-1',
      seed: 'seed-december',
      percent: 10,
      drawnOn: today,
      drawnById: 'admin',
      receivedAuditIds: ids,
      sampledAuditIds: moderationSample(ids, 'seed-december', 10),
    },
  };

  it('given a scheduled cycle, when the audit team draws from the audits received, then the seed and the sample are recorded', () => {
    spec.given([scheduled]).when(drawCmd([...ids].reverse())).then([drawn]);
  });

  it('a later draw takes only audits not in an earlier sample, and refuses when none await (CONFLICT naming the rule)', () => {
    spec
      .given([scheduled, drawn])
      .when({ ...drawCmd([...ids, 'b1']), data: { cycleId: 'c1', sampleId: 'smp-2', seed: 'again' } })
      .thenMatches(([event]) => expect(event).toMatchObject({ data: { sampleId: 'smp-2', receivedAuditIds: ['b1'], sampledAuditIds: ['b1'] } }));
    spec.given([scheduled, drawn]).when(drawCmd(ids)).thenThrows('CONFLICT', /^AUD-10: no audit of cycle c1 awaits the moderation sample/);
    spec.given([scheduled]).when(drawCmd([])).thenThrows('CONFLICT', /^AUD-10: no audit of cycle c1 awaits/);
  });

  it('refuses anyone but the audit team, an unknown cycle, an empty seed', () => {
    spec.given([scheduled]).when(drawCmd(ids, 'seed', who.moderator)).thenThrows('FORBIDDEN', /draw the moderation sample/);
    spec.given([]).when(drawCmd(ids)).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
    spec.given([scheduled]).when(drawCmd(ids, '  ')).thenThrows('BAD_USER_INPUT', /^seed: must not be empty/, 'seed');
  });
});

describe('AUD-10: each audit received is moderated or completes without moderation', () => {
  const spec = DeciderSpec.for(auditDecider);
  const submitted = (grade: 'GOOD' | 'REQUIRES_IMPROVEMENT'): AuditEvent => ({
    type: 'AuditSubmitted',
    data: { auditId: 'a1', submittedOn: '2026-12-10', overallGrade: grade, moderationDue: '2026-12-31' },
  });
  const received = (grade: 'GOOD' | 'REQUIRES_IMPROVEMENT' = 'GOOD', template = sc3) => [allocated(template), ...fullyGraded(template, grade), submitted(grade)];
  const apply = (sampled: boolean, template = sc3, actor = who.admin) =>
    cmd<ApplyModerationSample>('ApplyModerationSample', { auditId: 'a1', cycleId: 'c1', sampleId: 'smp-1', sampled }, actor, today, { template });
  const chosen: AuditEvent = { type: 'ChosenForModeration', data: { auditId: 'a1', cycleId: 'c1', sampleId: 'smp-1', chosenOn: today } };
  const moderate = (template = sc3) => cmd<ModerateGrade>('ModerateGrade', { auditId: 'a1', section: 'OVERALL', grade: 'GOOD', rationale: 'Agreed' }, who.moderator, today, { template });

  it('given an audit in the sample, then it is chosen, and only then its moderator moderates it', () => {
    spec.given(received()).when(apply(true)).then([chosen]);
    spec.given(received()).when(moderate()).thenThrows('CONFLICT', /^AUD-10: audit a1 is not in the month's moderation sample: on template social-care v3 only the 10% sample/);
    spec.given([...received(), chosen]).when(moderate()).thenMatches(([event]) => expect(event.type).toBe('ModerationChanged'));
  });

  it('given an audit outside the sample, then it completes without moderation: the auditor’s grade stands', () => {
    spec
      .given(received())
      .when(apply(false))
      .thenMatches((events, state) => {
        expect(events).toEqual([
          {
            type: 'ModerationCompleted',
            data: expect.objectContaining({ auditId: 'a1', completedOn: today, moderatedGrade: 'GOOD', initialGrade: 'GOOD', moderated: false, sampleId: 'smp-1', reauditRequired: false }),
          },
        ]);
        expect(state).toMatchObject({ status: 'MODERATED', currentGrade: 'GOOD', moderationSample: 'OUTSIDE_SAMPLE' });
      });
    const done: AuditEvent[] = [...received(), ...auditDecider.decide(apply(false), received().reduce(auditDecider.evolve, auditDecider.initialState()))];
    spec.given(done).when(moderate()).thenThrows('CONFLICT', /^the audit is MODERATED/);
    spec.given(done).when(cmd<CompleteModeration>('CompleteModeration', { auditId: 'a1' }, who.moderator, today, {})).thenThrows('CONFLICT', /^the audit is MODERATED/);
  });

  it('work below Good outside the sample starts its follow-ups as after moderation (dip audit 6 weeks on)', () => {
    spec
      .given(received('REQUIRES_IMPROVEMENT'))
      .when(apply(false))
      .thenMatches(([completed, due]) => {
        expect(completed).toMatchObject({ type: 'ModerationCompleted', data: { moderatedGrade: 'REQUIRES_IMPROVEMENT', reauditRequired: true, moderated: false } });
        expect(due).toMatchObject({ type: 'ReauditDue', data: { kind: 'DIP_AUDIT', moderatedGrade: 'REQUIRES_IMPROVEMENT' } });
      });
  });

  it('refuses a template that moderates every audit, an audit not submitted, a second sample, anyone but the audit team', () => {
    spec.given(received('GOOD', sc2)).when(apply(true, sc2)).thenThrows('CONFLICT', /^AUD-10: audit a1 is on template social-care v2, which moderates every audit/);
    spec.given([allocated(sc3)]).when(apply(true)).thenThrows('CONFLICT', /^AUD-10: the audit is ALLOCATED: the moderation sample is drawn from audits submitted/);
    spec.given([...received(), chosen]).when(apply(false)).thenThrows('CONFLICT', /^AUD-10: audit a1 is already in a moderation sample/);
    spec.given(received()).when(apply(true, sc3, who.moderator)).thenThrows('FORBIDDEN', /apply the moderation sample/);
  });

  it('a template that moderates every audit is moderated without a sample, as before', () => {
    spec.given(received('GOOD', sc2)).when(moderate(sc2)).thenMatches(([event]) => expect(event.type).toBe('ModerationChanged'));
  });
});
