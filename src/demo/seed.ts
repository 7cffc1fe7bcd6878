import { Logger, type INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TeamEntity } from '../../projections/directory/team.entity.js';
import type { Principal } from '../auth/principal.js';
import { CommandOnAudit } from '../audits/commands/audit-commands.js';
import { CommandOnCycle } from '../cycles/commands/cycle-commands.js';
import { CommandOnStaff } from '../staff/commands/staff-commands.js';
import { calendarFor, toLocalDate } from '../calendar/working-calendar.js';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import { Clock } from '../shared/clock.js';
import type { Grade, Role } from '../shared/domain-types.js';
import { DEMO_STAFF, DEMO_TEAMS } from './demo-authority.js';

const log = new Logger('Demo');

/**
 * A small fictional authority, loaded into an empty store through the same commands a user sends,
 * so every demo event is a real event with a real hash chain. Nobody and no case in it is real.
 */
export async function seedDemoAuthority(app: INestApplication): Promise<void> {
  const dataSource = app.get(DataSource);
  if ((await dataSource.getRepository(TeamEntity).count()) > 0) return;
  const bus = app.get(CommandBus);
  const as = (staffId: string, ...roles: Role[]): Principal => ({ staffId, roles, teamId: null });
  const admin = as('admin', 'AUDIT_TEAM');
  const calendar = calendarFor(app.get<Settings>(SETTINGS).calendarRegion);
  const today = toLocalDate(app.get(Clock).now());
  const inFourWeeks = calendar.addWeeks(today, 4);

  for (const team of DEMO_TEAMS) await bus.execute(new CommandOnStaff('registerTeam', team, admin));
  for (const staff of DEMO_STAFF) await bus.execute(new CommandOnStaff('registerStaff', staff, admin));
  // PPL-2: every auditor completed the audit team's training a couple of months ago.
  for (const staff of DEMO_STAFF.filter((s) => s.roles.includes('AUDITOR'))) {
    await bus.execute(new CommandOnStaff('recordAuditorTraining', { staffId: staff.id, completedOn: calendar.addMonths(today, -2) }, admin));
  }

  const cycles = [
    { name: 'EH Hub — October 2026', service: 'EH Hub', month: '2026-10', kloes: ['Is the voice of the child heard in assessments?', 'Are step-downs from social care timely and well planned?'] },
    { name: 'EH Hub — December 2026', service: 'EH Hub', month: '2026-12', kloes: ['Does supervision drive the plan and prevent drift?'] },
    { name: 'Early Intervention — December 2026', service: 'Early Intervention', month: '2026-12', kloes: ['Are fathers and male carers considered and involved?'] },
  ];
  const cycleIds: string[] = [];
  for (const cycle of cycles) cycleIds.push(await bus.execute(new CommandOnCycle('scheduleCycle', cycle, admin)));
  // BEF-1, BEF-3: each cycle's KLOE meeting two weeks before its month (or today, if that is earlier),
  // and the KLOEs approved by the head of service, EH coordinator lead and divisional director.
  for (const [i, cycle] of cycles.entries()) {
    const twoWeeksBefore = calendar.addWeeks(`${cycle.month}-01`, -2);
    const heldOn = twoWeeksBefore < today ? twoWeeksBefore : today;
    await bus.execute(new CommandOnCycle('recordKloeMeeting', { cycleId: cycleIds[i], heldOn, attendeeIds: ['hos-lena', 'col-rina', 'qa-kim'] }, admin));
    for (const approver of [as('hos-lena', 'HEAD_OF_SERVICE'), as('col-rina', 'EH_COORDINATOR_LEAD'), as('dd-omar', 'DIVISIONAL_DIRECTOR')]) {
      await bus.execute(new CommandOnCycle('approveKloes', cycleIds[i], approver));
    }
  }

  // Audits in several states: allocated and untouched, part-graded, submitted, moderated with a UoPP
  // meeting and actions. The past cycle's audits are complete; the current ones are under way.
  const allocations: Array<{ cycle: number; caseRef: string; team: string; practitioner: string; manager: string; auditor: string; moderator: string; grades?: Array<[string, Grade, string]>; then?: 'submit' | 'moderate' }> = [
    { cycle: 0, caseRef: 'DEMO-EH-0101', team: 'hub-a', practitioner: 'fsw-amira', manager: 'tm-hub', auditor: 'aud-ben', moderator: 'mod-carys',
      grades: [
        ...sectionGrades('GOOD'),
        ['S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT', 'Assessment completed late (45 days) and lacks analysis.'],
        ['S5_PLANS_REVIEWS', 'REQUIRES_IMPROVEMENT', 'Reviews drifted past eight weeks; outcomes are not SMART.'],
        ['OVERALL', 'REQUIRES_IMPROVEMENT', 'Help is making a difference but drift in review dates leaves needs unmet.'],
      ],
      then: 'moderate' },
    { cycle: 0, caseRef: 'DEMO-EH-0102', team: 'hub-b', practitioner: 'fsw-dev', manager: 'tm-hub', auditor: 'aud-ben', moderator: 'mod-carys',
      grades: [...sectionGrades('GOOD'), ['OVERALL', 'GOOD', 'Consistent, child-centred work; plans are SMART and reviewed on time.']],
      then: 'moderate' },
    { cycle: 1, caseRef: 'DEMO-EH-0203', team: 'hub-a', practitioner: 'fsw-amira', manager: 'tm-hub', auditor: 'aud-ben', moderator: 'mod-carys',
      grades: [...sectionGrades('GOOD'), ['OVERALL', 'GOOD', 'Strong direct work with the children; supervision drives the plan.']],
      then: 'submit' },
    { cycle: 1, caseRef: 'DEMO-EH-0201', team: 'hub-a', practitioner: 'fsw-amira', manager: 'tm-hub', auditor: 'aud-ela', moderator: 'mod-carys' },
    { cycle: 1, caseRef: 'DEMO-EH-0202', team: 'hub-b', practitioner: 'fsw-dev', manager: 'tm-hub', auditor: 'aud-ben', moderator: 'mod-carys',
      grades: [['S3_CASE_RECORD', 'INADEQUATE', 'Gaps of three months in recording; no safety plan on file.']] },
    { cycle: 2, caseRef: 'DEMO-EI-0301', team: 'ei-1', practitioner: 'fsw-grace', manager: 'tm-ei', auditor: 'aud-ela', moderator: 'mod-faisal' },
  ];
  for (const a of allocations) {
    const auditId = await bus.execute(
      new CommandOnAudit('allocateAudit', { cycleId: cycleIds[a.cycle], caseRef: a.caseRef, teamId: a.team, practitionerId: a.practitioner, teamManagerId: a.manager, auditorId: a.auditor, moderatorId: a.moderator },
        admin,
      ),
    );
    const auditor = as(a.auditor, 'AUDITOR');
    for (const [section, grade, rationale] of a.grades ?? []) {
      await bus.execute(new CommandOnAudit('setGrade', { auditId, section, grade, rationale }, auditor));
    }
    if (!a.then) continue;
    // AUD-1: the auditor met the practitioner and team manager before submitting.
    await bus.execute(new CommandOnAudit('recordCollaborativeDiscussion', { auditId, discussedOn: today, withIds: [a.practitioner, a.manager] }, auditor));
    // AUD-4: the action that brings work below Good to Good is agreed with the practitioner before submission.
    if (a.then === 'moderate') {
      await bus.execute(
        new CommandOnAudit('agreeAction', { auditId, description: 'Review the family plan with the family and make each outcome SMART.', ownerId: a.practitioner, dueOn: inFourWeeks, scope: 'CASE' },
          auditor,
        ),
      );
    }
    await bus.execute(new CommandOnAudit('submitAudit', auditId, auditor));
    if (a.then !== 'moderate') continue;
    const moderator = as(a.moderator, 'MODERATOR');
    const overall = a.grades!.find(([section]) => section === 'OVERALL')![1];
    await bus.execute(new CommandOnAudit('moderateGrade', { auditId, section: 'OVERALL', grade: overall, rationale: 'Agreed: the evidence supports the auditor\'s grade.' }, moderator));
    await bus.execute(new CommandOnAudit('completeModeration', auditId, moderator));
    await bus.execute(new CommandOnAudit('recordUoPPMeeting', { auditId, heldOn: today, chairId: a.auditor, attendeeIds: [a.practitioner, a.manager, a.auditor] }, auditor));
  }
  log.log(`Demo authority loaded: ${DEMO_TEAMS.length} teams, ${DEMO_STAFF.length} staff, ${cycles.length} cycles, ${allocations.length} audits`);
}

/** The Early Help template's graded sections, all given the same grade. */
function sectionGrades(grade: Grade): Array<[string, Grade, string]> {
  return ['S2_WHY_HELP', 'S3_CASE_RECORD', 'S4_ASSESSMENT', 'S5_PLANS_REVIEWS', 'S6_DIRECT_WORK', 'S7_SUPERVISION', 'S8_COMMUNITY'].map(
    (section) => [section, grade, 'Evidence in the case record and the discussion with the practitioner supports this grade.'],
  );
}
