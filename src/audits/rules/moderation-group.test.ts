import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../../test/support/decider-spec.js';
import { allocated, cmd, fullyGraded, who } from '../../../test/support/audit-fixtures.js';
import { calendarFor } from '../../calendar/working-calendar.js';
import { cycleDecider } from '../../cycles/decider.js';
import type { CycleEvent } from '../../cycles/events.js';
import type { AppointModerationGroup } from '../../cycles/moderation-group.js';
import type { Role } from '../../shared/domain-types.js';
import type { StaffFact } from '../../shared/facts.js';
import { auditDecider, type CompleteModeration, type ModerateGrade } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { findTemplate } from '../templates/index.js';

/** AUD-13 (001 "Moderation": "moderated by a group consisting of the Divisional Director, the Heads of Service, Group Managers and Quality Assurance Officers"). */

const calendar = calendarFor('GB-ENG');
const today = '2026-12-20';
const staff = (id: string, ...roles: Role[]): StaffFact => ({ id, teamId: null, roles, exemptions: [], trainedOn: null });

describe('AUD-13: the audit team appoints the cycle’s moderation group', () => {
  const spec = DeciderSpec.for(cycleDecider);
  const scheduled: CycleEvent = { type: 'CycleScheduled', data: { cycleId: 'c1', name: 'December CSC', service: 'CSC', month: '2026-12', kloes: [], moderationDue: '2026-12-31' } };
  const members = [staff('dd', 'DIVISIONAL_DIRECTOR'), staff('hos', 'HEAD_OF_SERVICE'), staff('gm', 'MODERATOR'), staff('qa2', 'AUDIT_TEAM'), staff('prac', 'PRACTITIONER')];
  const appoint = (memberIds: string[], actor = who.admin): AppointModerationGroup => ({ type: 'AppointModerationGroup', data: { cycleId: 'c1', memberIds }, members, actor, today, calendar });

  it('given a cycle, when the group is appointed, then its members are recorded, once each', () => {
    spec
      .given([scheduled])
      .when(appoint(['dd', 'hos', 'gm', 'qa2', 'hos']))
      .then([{ type: 'ModerationGroupAppointed', data: { cycleId: 'c1', memberIds: ['dd', 'hos', 'gm', 'qa2'], appointedById: 'admin', appointedOn: today } }]);
  });

  it('refuses one member, someone not among those who moderate, an unknown id, anyone but the audit team', () => {
    spec.given([scheduled]).when(appoint(['dd'])).thenThrows('BAD_USER_INPUT', /^memberIds: AUD-13: a moderation group has at least two members$/, 'memberIds');
    spec.given([scheduled]).when(appoint(['dd', 'prac'])).thenThrows('BAD_USER_INPUT', /^memberIds: AUD-13: prac is not one who moderates in the group/, 'memberIds');
    spec.given([scheduled]).when(appoint(['dd', 'nobody'])).thenThrows('BAD_USER_INPUT', /^memberIds: no staff member has the id nobody$/, 'memberIds');
    spec.given([scheduled]).when(appoint(['dd', 'hos'], who.headOfService)).thenThrows('FORBIDDEN', /appoint the moderation group/);
    spec.given([]).when(appoint(['dd', 'hos'])).thenThrows('NOT_FOUND', /cycle c1 does not exist/);
  });
});

describe('AUD-13: a member of the group moderates the cycle’s audits', () => {
  const spec = DeciderSpec.for(auditDecider);
  const v1 = findTemplate('early-help-uop', 1)!;
  const submitted: AuditEvent[] = [allocated(v1), ...fullyGraded(v1, 'GOOD'), { type: 'AuditSubmitted', data: { auditId: 'a1', submittedOn: '2026-12-10', overallGrade: 'GOOD', moderationDue: '2026-12-31' } }];
  const group = ['dd', 'hos', 'tm'];
  const moderate = (by: { staffId: string; roles: Role[] }, moderationGroupIds?: string[]) =>
    cmd<ModerateGrade>('ModerateGrade', { auditId: 'a1', section: 'OVERALL', grade: 'REQUIRES_IMPROVEMENT', rationale: 'Visits out of timescale' }, by, today, { template: v1, moderationGroupIds });
  const dd = { staffId: 'dd', roles: ['DIVISIONAL_DIRECTOR'] as Role[] };

  it('records the member as the moderator of the grade, and lets them complete the moderation', () => {
    spec
      .given(submitted)
      .when(moderate(dd, group))
      .thenMatches(([event]) => expect(event).toMatchObject({ type: 'ModerationChanged', data: { section: 'OVERALL', to: 'REQUIRES_IMPROVEMENT', moderatorId: 'dd' } }));
    const changed: AuditEvent = { type: 'ModerationChanged', data: { auditId: 'a1', section: 'OVERALL', from: 'GOOD', to: 'REQUIRES_IMPROVEMENT', rationale: 'x', moderatorId: 'dd' } };
    spec
      .given([...submitted, changed])
      .when(cmd<CompleteModeration>('CompleteModeration', { auditId: 'a1' }, dd, today, { moderationGroupIds: group }))
      .thenMatches(([event]) => expect(event).toMatchObject({ type: 'ModerationCompleted', data: { moderatedGrade: 'REQUIRES_IMPROVEMENT' } }));
  });

  it('the allocated moderator still may; nobody outside the group; a member not independent of the case is refused', () => {
    spec.given(submitted).when(moderate(who.moderator, group)).thenMatches(([event]) => expect(event.data).toMatchObject({ moderatorId: 'mod' }));
    spec.given(submitted).when(moderate(dd)).thenThrows('FORBIDDEN', /^only the allocated moderator may moderate it$/);
    spec.given(submitted).when(moderate({ staffId: 'hos2', roles: ['HEAD_OF_SERVICE'] }, group)).thenThrows('FORBIDDEN', /^only the allocated moderator or a member of the cycle's moderation group \(AUD-13\) may moderate it$/);
    spec.given(submitted).when(moderate(who.teamManager, group)).thenThrows('FORBIDDEN', /^AUD-13: a member of the moderation group moderates only audits they are independent of/);
  });
});
