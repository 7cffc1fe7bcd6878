import { describe, expect, it } from '@jest/globals';
import { calendarFor } from '../../calendar/working-calendar.js';
import { fold } from '../../shared/decider.js';
import type { Role } from '../../shared/domain-types.js';
import { auditDecider, type AuditCommand } from '../decider.js';
import type { AuditEvent } from '../events.js';

const calendar = calendarFor('GB-ENG');
const context = { actor: { staffId: 'qa', roles: ['AUDIT_TEAM'] as Role[] }, today: '2026-11-20', calendar };
const allocated: AuditEvent = {
  type: 'AuditAllocated',
  data: { auditId: 'a-1', cycleId: 'c-1', caseRef: 'EH-1', teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod', templateId: 'early-help-uop', templateVersion: 1, reauditOfAuditId: null },
};
const submission = (on = '2026-03-20'): AuditCommand => ({
  type: 'ImportSubmission',
  ...context,
  cycle: { id: 'c-1', month: '2026-03', status: 'OPEN' },
  data: { auditId: 'a-1', submittedOn: on, overallGrade: 'GOOD', rationale: 'as recorded in the tracker' },
});
const moderation = (data: Partial<{ moderatedOn: string; moderatedGrade: 'GOOD' | 'INADEQUATE'; reauditRequired: boolean }> = {}): AuditCommand => ({
  type: 'ImportModeration',
  ...context,
  data: { auditId: 'a-1', moderatedOn: '2026-03-24', moderatedGrade: 'GOOD', rationale: 'agreed', reauditRequired: false, urgentIssuesKept: true, ...data },
});

/** Decides the commands in turn on the audit the earlier ones left. */
function decideAll(commands: AuditCommand[]): AuditEvent[] {
  let state = fold(auditDecider, [allocated]);
  return commands.flatMap((command) => {
    const events = auditDecider.decide(command, state);
    state = events.reduce(auditDecider.evolve, state);
    return events;
  });
}

describe('past work imported from a tracker, decided by the audit decider', () => {
  it('gives the ordinary events of a submission and a moderation, on the days the tracker gives', () => {
    const events = decideAll([submission(), moderation({ moderatedGrade: 'INADEQUATE', reauditRequired: true })]);
    expect(events.map((e) => e.type)).toEqual(['GradeSet', 'AuditSubmitted', 'ModerationChanged', 'ModerationCompleted', 'ReauditDue']);
    expect(events[1].data).toMatchObject({ submittedOn: '2026-03-20', moderationDue: '2026-03-31' });
    // Nothing is notified: the people concerned knew at the time.
    expect(events[3].data).toMatchObject({ completedOn: '2026-03-24', moderatedGrade: 'INADEQUATE', urgentIssuesDue: '2026-03-26' });
  });

  it('refuses history the rules refuse', () => {
    expect(() => decideAll([moderation()])).toThrow('moderation follows submission');
    expect(() => decideAll([submission('2026-11-23')])).toThrow('submittedOn: 2026-11-23 is after today');
    expect(() => decideAll([submission(), moderation({ moderatedOn: '2026-03-19' })])).toThrow('moderatedOn: 2026-03-19 is before the submission (2026-03-20)');
    expect(() => decideAll([submission(), moderation({ reauditRequired: true })])).toThrow('reauditRequired: only work moderated Requires improvement or Inadequate is re-audited');
    const uopp = (chairId: string | null): AuditCommand => ({ type: 'ImportUoPPMeeting', ...context, chair: null, data: { auditId: 'a-1', heldOn: '2026-03-25', chairId } });
    expect(() => decideAll([submission(), uopp('aud')])).toThrow('a UoPP meeting follows moderation');
    expect(() => decideAll([submission(), moderation(), uopp('someone')])).toThrow('chairId: for work graded Requires improvement and above the auditor chairs');
    expect(() => decideAll([submission(), moderation(), uopp('aud'), uopp('aud')])).toThrow('the UoPP meeting is already recorded');
    expect(() => decideAll([submission(), moderation(), { type: 'ImportUrgentIssuesAddressed', ...context, data: { auditId: 'a-1', addressedOn: '2026-03-25', summary: 'done' } }])).toThrow(
      'only work moderated Inadequate has urgent issues',
    );
  });

  it('is the audit team’s to import', () => {
    const command = { ...submission(), actor: { staffId: 'aud', roles: ['AUDITOR'] as Role[] } } as AuditCommand;
    expect(() => decideAll([command])).toThrow('only AUDIT_TEAM may import past audits');
  });
});
