import { Logger, type INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TeamEntity } from '../../projections/directory/team.entity.js';
import type { Principal } from '../auth/principal.js';
import { AllocateAuditCommand } from '../audits/commands/allocate-audit.js';
import { SetGradeCommand } from '../audits/commands/set-grade.js';
import { ScheduleCycleCommand } from '../cycles/commands/schedule-cycle.js';
import { RegisterStaffCommand } from '../staff/commands/register-staff.js';
import { RegisterTeamCommand } from '../staff/commands/register-team.js';
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

  for (const team of DEMO_TEAMS) await bus.execute(new RegisterTeamCommand(team, admin));
  for (const staff of DEMO_STAFF) await bus.execute(new RegisterStaffCommand(staff, admin));

  const cycles = [
    { name: 'EH Hub — October 2026', service: 'EH Hub', month: '2026-10', kloes: ['Is the voice of the child heard in assessments?', 'Are step-downs from social care timely and well planned?'] },
    { name: 'EH Hub — December 2026', service: 'EH Hub', month: '2026-12', kloes: ['Does supervision drive the plan and prevent drift?'] },
    { name: 'Early Intervention — December 2026', service: 'Early Intervention', month: '2026-12', kloes: ['Are fathers and male carers considered and involved?'] },
  ];
  const cycleIds: string[] = [];
  for (const cycle of cycles) cycleIds.push(await bus.execute(new ScheduleCycleCommand(cycle, admin)));

  // Audits in several states: allocated and untouched, part-graded, fully graded by the auditor.
  const allocations: Array<{ cycle: number; caseRef: string; team: string; practitioner: string; manager: string; auditor: string; moderator: string; grades?: Array<[string, Grade, string]> }> = [
    { cycle: 0, caseRef: 'DEMO-EH-0101', team: 'hub-a', practitioner: 'fsw-amira', manager: 'tm-hub', auditor: 'aud-ben', moderator: 'mod-carys',
      grades: [
        ['S2_WHY_HELP', 'GOOD', 'The reason for involvement is clear and shared with the family.'],
        ['S4_ASSESSMENT', 'REQUIRES_IMPROVEMENT', 'Assessment completed late (45 days) and lacks analysis.'],
        ['OVERALL', 'REQUIRES_IMPROVEMENT', 'Help is making a difference but drift in review dates leaves needs unmet.'],
      ] },
    { cycle: 0, caseRef: 'DEMO-EH-0102', team: 'hub-b', practitioner: 'fsw-dev', manager: 'tm-hub', auditor: 'aud-ben', moderator: 'mod-carys',
      grades: [['OVERALL', 'GOOD', 'Consistent, child-centred work; plans are SMART and reviewed on time.']] },
    { cycle: 1, caseRef: 'DEMO-EH-0201', team: 'hub-a', practitioner: 'fsw-amira', manager: 'tm-hub', auditor: 'aud-ela', moderator: 'mod-carys' },
    { cycle: 1, caseRef: 'DEMO-EH-0202', team: 'hub-b', practitioner: 'fsw-dev', manager: 'tm-hub', auditor: 'aud-ben', moderator: 'mod-carys',
      grades: [['S3_CASE_RECORD', 'INADEQUATE', 'Gaps of three months in recording; no safety plan on file.']] },
    { cycle: 2, caseRef: 'DEMO-EI-0301', team: 'ei-1', practitioner: 'fsw-grace', manager: 'tm-ei', auditor: 'aud-ela', moderator: 'mod-faisal' },
  ];
  for (const a of allocations) {
    const auditId = await bus.execute(
      new AllocateAuditCommand(
        { cycleId: cycleIds[a.cycle], caseRef: a.caseRef, teamId: a.team, practitionerId: a.practitioner, teamManagerId: a.manager, auditorId: a.auditor, moderatorId: a.moderator },
        admin,
      ),
    );
    for (const [section, grade, rationale] of a.grades ?? []) {
      await bus.execute(new SetGradeCommand({ auditId, section, grade, rationale }, as(a.auditor, 'AUDITOR')));
    }
  }
  log.log(`Demo authority loaded: ${DEMO_TEAMS.length} teams, ${DEMO_STAFF.length} staff, ${cycles.length} cycles, ${allocations.length} audits`);
}
