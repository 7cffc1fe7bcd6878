import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { expectRefused as refused, startTestApp, type TestApp } from '../support/app.js';

/**
 * The first vertical slice over HTTP against a real PostgreSQL: dev login, registerTeam,
 * registerStaff, scheduleCycle, allocateAudit, setGrade, me, templates, cycle, audit(id) with
 * gradeHistory, /health, APP_CLOCK and every error code; a refused command appends nothing.
 */
const AUDIT_FIELDS = `id cycleId caseRef teamId practitionerId teamManagerId auditorId moderatorId templateId status
  initialGrade moderatedGrade currentGrade uoppHeld reauditRequired
  sections { section auditorGrade moderatorGrade }
  deadlines { moderationDue uoppDue followUpUoppDue dipAuditDue }
  gradeHistory { eventId auditId section source from to rationale changedById changedAt }
  actions { id }`;

const REGISTER_TEAM = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id name service } }`;
const REGISTER_STAFF = `mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id name email teamId roles } }`;
const SCHEDULE_CYCLE = `mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id name service month kloes moderationDue } }`;
const ALLOCATE = `mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { ${AUDIT_FIELDS} } }`;
const SET_GRADE = `mutation($input: SetGradeInput!) { setGrade(input: $input) { ${AUDIT_FIELDS} } }`;

describe('foundation slice over GraphQL', () => {
  let t: TestApp;
  let cycleId: string;
  let auditId: string;

  const expectRefused = (query: string, variables: Record<string, unknown>, code: string, mentions: RegExp, token?: string | null) =>
    refused(t, query, variables, token, code, mentions);


  beforeAll(async () => {
    // Thursday 24 December 2026, 10:00 London: the clock the service runs on for this file.
    t = await startTestApp({ APP_CLOCK: '2026-12-24T10:00:00Z' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('dev login and authentication', () => {
    it('issues a token for admin, who holds AUDIT_TEAM', async () => {
      const data = await t.ok(`{ me { id name roles teamId } }`);
      expect(data.me).toMatchObject({ id: 'admin', roles: ['AUDIT_TEAM'], teamId: null });
    });

    it('refuses dev login for someone not registered', async () => {
      const response = await fetch(`${t.baseUrl}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'nobody' }),
      });
      expect(response.status).toBe(401);
    });

    it('answers UNAUTHENTICATED without a token, and with a forged one', async () => {
      expect((await t.gql(`{ me { id } }`, {}, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      // Change the first character of the signature: the last one carries padding bits a decoder may ignore.
      const [header, payload, signature] = (await t.login('admin')).split('.');
      const forged = [header, payload, (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)].join('.');
      expect((await t.gql(`{ me { id } }`, {}, forged)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(`{ me { id } }`, {}, 'not-a-jwt')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('teams and staff', () => {
    it('registers teams', async () => {
      const data = await t.ok(REGISTER_TEAM, { input: { id: 'eh-north', name: 'Early Help North', service: 'Early Help' } });
      expect(data.registerTeam).toEqual({ id: 'eh-north', name: 'Early Help North', service: 'Early Help' });
      await t.ok(REGISTER_TEAM, { input: { id: 'eh-south', name: 'Early Help South', service: 'Early Help' } });
    });

    it('refuses a team registered twice (CONFLICT) and an empty name (BAD_USER_INPUT naming it)', async () => {
      await expectRefused(REGISTER_TEAM, { input: { id: 'eh-north', name: 'Again', service: 'Early Help' } }, 'CONFLICT', /already registered/);
      await expectRefused(REGISTER_TEAM, { input: { id: 'eh-east', name: '  ', service: 'Early Help' } }, 'BAD_USER_INPUT', /name/);
      await expectRefused(REGISTER_TEAM, { input: { id: 'bad id!', name: 'X', service: 'Early Help' } }, 'BAD_USER_INPUT', /id/);
    });

    it('registers staff in every role the slice needs', async () => {
      const staff = [
        { id: 'pat', name: 'Pat Practitioner', email: 'pat@la.example', teamId: 'eh-north', roles: ['PRACTITIONER'] },
        { id: 'tom', name: 'Tom Manager', email: 'tom@la.example', teamId: 'eh-north', roles: ['TEAM_MANAGER'] },
        { id: 'ann', name: 'Ann Auditor', email: 'ann@la.example', teamId: 'eh-south', roles: ['AUDITOR'] },
        { id: 'nia', name: 'Nia North', email: 'nia@la.example', teamId: 'eh-north', roles: ['AUDITOR'] },
        { id: 'mo', name: 'Mo Moderator', email: 'mo@la.example', teamId: null, roles: ['MODERATOR'] },
        { id: 'other', name: 'Other Practitioner', email: 'other@la.example', teamId: 'eh-south', roles: ['PRACTITIONER'] },
        { id: 'hos', name: 'Hal Head', email: 'hos@la.example', teamId: null, roles: ['HEAD_OF_SERVICE'] },
        { id: 'col', name: 'Cole Coordinator', email: 'col@la.example', teamId: 'eh-south', roles: ['EH_COORDINATOR_LEAD'] },
        { id: 'dee', name: 'Dee Director', email: 'dee@la.example', teamId: null, roles: ['DIVISIONAL_DIRECTOR'] },
      ];
      for (const input of staff) {
        const data = await t.ok(REGISTER_STAFF, { input });
        expect(data.registerStaff).toEqual(input);
      }
    });

    it('refuses staff with an unknown team, a bad email, no roles, or registered twice', async () => {
      const base = { id: 'zed', name: 'Zed', email: 'zed@la.example', teamId: null, roles: ['AUDITOR'] };
      await expectRefused(REGISTER_STAFF, { input: { ...base, teamId: 'no-such-team' } }, 'NOT_FOUND', /team no-such-team/);
      await expectRefused(REGISTER_STAFF, { input: { ...base, email: 'not-an-email' } }, 'BAD_USER_INPUT', /email/);
      await expectRefused(REGISTER_STAFF, { input: { ...base, roles: [] } }, 'BAD_USER_INPUT', /roles/);
      await expectRefused(REGISTER_STAFF, { input: { ...base, id: 'pat' } }, 'CONFLICT', /already registered/);
    });

    it('refuses administration to anyone outside the audit team (FORBIDDEN), appending nothing', async () => {
      const auditor = await t.login('ann');
      await expectRefused(REGISTER_TEAM, { input: { id: 'x', name: 'X', service: 'Y' } }, 'FORBIDDEN', /AUDIT_TEAM/, auditor);
      await expectRefused(SCHEDULE_CYCLE, { input: { name: 'X', service: 'Y', month: '2027-01' } }, 'FORBIDDEN', /AUDIT_TEAM/, auditor);
    });
  });

  describe('cycles', () => {
    it('schedules a cycle with its moderation date on the last working day of the month', async () => {
      const data = await t.ok(SCHEDULE_CYCLE, {
        input: { name: 'December 2026', service: 'Early Help', month: '2026-12', kloes: ['Is the voice of the child heard?'] },
      });
      cycleId = data.scheduleCycle.id;
      // 31 December 2026 is a Thursday and not a bank holiday.
      expect(data.scheduleCycle).toMatchObject({ month: '2026-12', moderationDue: '2026-12-31', kloes: ['Is the voice of the child heard?'] });
    });

    it('puts the moderation date before a month-end weekend and bank holiday', async () => {
      // May 2027 ends on Monday 31st, the spring bank holiday; the 29th and 30th are a weekend.
      const data = await t.ok(SCHEDULE_CYCLE, { input: { name: 'May 2027', service: 'Early Help', month: '2027-05' } });
      expect(data.scheduleCycle.moderationDue).toBe('2027-05-28');
    });

    it('refuses a month that is not YYYY-MM', async () => {
      await expectRefused(SCHEDULE_CYCLE, { input: { name: 'X', service: 'Early Help', month: '2026-13' } }, 'BAD_USER_INPUT', /month/);
      await expectRefused(SCHEDULE_CYCLE, { input: { name: '', service: 'Early Help', month: '2026-11' } }, 'BAD_USER_INPUT', /name/);
    });

    it('lists cycles newest month first', async () => {
      const data = await t.ok(`{ cycles { month } }`);
      expect(data.cycles.map((c: { month: string }) => c.month)).toEqual(['2027-05', '2026-12']);
    });
  });

  describe('allocation', () => {
    // What allocation asks first (before-the-audit.test.ts tests each refusal): trained auditors
    // (PPL-2, PPL-3) and the cycle's KLOEs approved after the KLOE meeting (BEF-1 to BEF-4).
    beforeAll(async () => {
      const train = `mutation($input: RecordAuditorTrainingInput!) { recordAuditorTraining(input: $input) { id } }`;
      for (const staffId of ['ann', 'nia']) await t.ok(train, { input: { staffId, completedOn: '2026-10-05' } });
      await t.ok(`mutation($input: RecordKloeMeetingInput!) { recordKloeMeeting(input: $input) { id } }`, { input: { cycleId, heldOn: '2026-11-16', attendeeIds: ['hos', 'col', 'admin'] } });
      for (const approver of ['hos', 'col', 'dee']) await t.ok(`mutation($id: ID!) { approveKloes(cycleId: $id) { id } }`, { id: cycleId }, await t.login(approver));
    });

    const allocation = () => ({
      cycleId,
      caseRef: 'EH-1001',
      teamId: 'eh-north',
      practitionerId: 'pat',
      teamManagerId: 'tom',
      auditorId: 'ann',
      moderatorId: 'mo',
    });

    it('allocates an audit on the latest Early Help template, with every graded section to grade', async () => {
      const data = await t.ok(ALLOCATE, { input: allocation() });
      const audit = data.allocateAudit;
      auditId = audit.id;
      expect(audit).toMatchObject({ cycleId, caseRef: 'EH-1001', status: 'ALLOCATED', templateId: 'early-help-uop', initialGrade: null, uoppHeld: false });
      expect(audit.deadlines.moderationDue).toBe('2026-12-31');
      expect(audit.sections.map((s: { section: string }) => s.section)).toEqual([
        'S2_WHY_HELP', 'S3_CASE_RECORD', 'S4_ASSESSMENT', 'S5_PLANS_REVIEWS', 'S6_DIRECT_WORK', 'S7_SUPERVISION', 'S8_COMMUNITY', 'OVERALL',
      ]);
      expect(audit.gradeHistory).toEqual([]);
    });

    it('refuses an auditor from the team holding the case, a moderator who is the auditor, and unknown references', async () => {
      await expectRefused(ALLOCATE, { input: { ...allocation(), auditorId: 'nia' } }, 'BAD_USER_INPUT', /auditorId.*team holding the case/);
      await expectRefused(ALLOCATE, { input: { ...allocation(), auditorId: 'pat' } }, 'BAD_USER_INPUT', /auditorId/);
      await expectRefused(ALLOCATE, { input: { ...allocation(), moderatorId: 'ann' } }, 'BAD_USER_INPUT', /moderatorId/);
      await expectRefused(ALLOCATE, { input: { ...allocation(), cycleId: 'no-such-cycle' } }, 'NOT_FOUND', /cycle no-such-cycle/);
      await expectRefused(ALLOCATE, { input: { ...allocation(), moderatorId: 'nobody' } }, 'NOT_FOUND', /nobody/);
      await expectRefused(ALLOCATE, { input: { ...allocation(), templateId: 'no-such-template' } }, 'NOT_FOUND', /template/);
      await expectRefused(ALLOCATE, { input: { ...allocation(), caseRef: ' ' } }, 'BAD_USER_INPUT', /caseRef/);
    });
  });

  describe('grading', () => {
    it('lets the allocated auditor grade a section and records the change in the history', async () => {
      const auditor = await t.login('ann');
      const data = await t.ok(SET_GRADE, { input: { auditId, section: 'S2_WHY_HELP', grade: 'GOOD', rationale: 'Clear reasons for involvement.' } }, auditor);
      const audit = data.setGrade;
      expect(audit.sections.find((s: { section: string }) => s.section === 'S2_WHY_HELP')).toEqual({ section: 'S2_WHY_HELP', auditorGrade: 'GOOD', moderatorGrade: null });
      expect(audit.gradeHistory).toHaveLength(1);
      expect(audit.gradeHistory[0]).toMatchObject({
        auditId,
        section: 'S2_WHY_HELP',
        source: 'AUDITOR',
        from: null,
        to: 'GOOD',
        rationale: 'Clear reasons for involvement.',
        changedById: 'ann',
      });
      // APP_CLOCK: the change happened on the service's day, not the machine's.
      expect(audit.gradeHistory[0].changedAt).toMatch(/^2026-12-24T10:/);
    });

    it('keeps every change: a regrade shows where it came from', async () => {
      const auditor = await t.login('ann');
      await t.ok(SET_GRADE, { input: { auditId, section: 'S2_WHY_HELP', grade: 'REQUIRES_IMPROVEMENT', rationale: 'On reflection, drift in the plan.' } }, auditor);
      const data = await t.ok(SET_GRADE, { input: { auditId, section: 'OVERALL', grade: 'REQUIRES_IMPROVEMENT', rationale: 'Falls below good.' } }, auditor);
      expect(data.setGrade.initialGrade).toBe('REQUIRES_IMPROVEMENT');
      expect(data.setGrade.gradeHistory.map((c: { section: string; from: string | null; to: string }) => [c.section, c.from, c.to])).toEqual([
        ['S2_WHY_HELP', null, 'GOOD'],
        ['S2_WHY_HELP', 'GOOD', 'REQUIRES_IMPROVEMENT'],
        ['OVERALL', null, 'REQUIRES_IMPROVEMENT'],
      ]);
    });

    it('refuses an empty rationale, an unknown section, a grade outside the scale, another auditor and an unknown audit', async () => {
      const ann = await t.login('ann');
      const nia = await t.login('nia');
      const input = { auditId, section: 'S3_CASE_RECORD', grade: 'GOOD', rationale: 'Well recorded.' };
      await expectRefused(SET_GRADE, { input: { ...input, rationale: '   ' } }, 'BAD_USER_INPUT', /rationale/, ann);
      await expectRefused(SET_GRADE, { input: { ...input, section: 'S99' } }, 'BAD_USER_INPUT', /section/, ann);
      await expectRefused(SET_GRADE, { input: { ...input, grade: 'EXCELLENT' } }, 'BAD_USER_INPUT', /grade|Grade/, ann);
      await expectRefused(SET_GRADE, { input }, 'FORBIDDEN', /auditor/, nia);
      await expectRefused(SET_GRADE, { input: { ...input, auditId: 'no-such-audit' } }, 'NOT_FOUND', /audit no-such-audit/, ann);
      // AFT-4: the audit team grades the dip audits allocated to it, not an audit whose auditor is another.
      await expectRefused(SET_GRADE, { input }, 'FORBIDDEN', /^only the allocated auditor may grade it$/);
    });
  });

  describe('reading', () => {
    it('shows the audit to its practitioner but not to an unrelated one', async () => {
      const pat = await t.login('pat');
      const data = await t.ok(`query($id: ID!) { audit(id: $id) { id caseRef initialGrade } }`, { id: auditId }, pat);
      expect(data.audit).toEqual({ id: auditId, caseRef: 'EH-1001', initialGrade: 'REQUIRES_IMPROVEMENT' });
      const other = await t.login('other');
      const refused = await t.gql(`query($id: ID!) { audit(id: $id) { id caseRef } }`, { id: auditId }, other);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(refused)).not.toContain('EH-1001');
    });

    it('answers null for an audit that does not exist', async () => {
      const data = await t.ok(`{ audit(id: "nope") { id } }`);
      expect(data.audit).toBeNull();
    });

    it('shows a cycle with its audits', async () => {
      const data = await t.ok(`query($id: ID!) { cycle(id: $id) { id name audits { id caseRef } } }`, { id: cycleId });
      expect(data.cycle).toEqual({ id: cycleId, name: 'December 2026', audits: [{ id: auditId, caseRef: 'EH-1001' }] });
    });

    it('lists the templates with their sections and questions', async () => {
      const data = await t.ok(`{ templates { id version name sections { key title graded questions { key text } } } }`);
      const earlyHelp = data.templates.find((tpl: { id: string }) => tpl.id === 'early-help-uop');
      expect(earlyHelp.version).toBe(1);
      const whyHelp = earlyHelp.sections.find((s: { key: string }) => s.key === 'S2_WHY_HELP');
      expect(whyHelp.graded).toBe(true);
      expect(whyHelp.questions).toHaveLength(7);
    });

    it('reports health once projections run', async () => {
      const response = await fetch(`${t.baseUrl}/health`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { status: string; projections: Array<{ state: string }> };
      expect(body.status).toBe('ok');
      expect(body.projections.length).toBeGreaterThan(0);
    });
  });

  describe('events', () => {
    it('carries actor, correlation id and schema version, and a valid hash chain', async () => {
      const events = await t.infra.store.readStream(`audit-${auditId}`);
      expect(events[0].type).toBe('AuditAllocated');
      expect(events[0].metadata).toMatchObject({ actor: { staffId: 'admin', role: 'AUDIT_TEAM' }, schemaVersion: 1 });
      expect(events[1]).toMatchObject({ type: 'GradeSet', metadata: { actor: { staffId: 'ann', role: 'AUDITOR' } } });
      expect(events[1].metadata.correlationId).toMatch(/\S/);
      expect(events[1].prevHash).toBe(events[0].hash);
    });

    it('uses the caller\'s X-Correlation-Id', async () => {
      const token = await t.login('admin');
      await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-correlation-id': 'corr-123' },
        body: JSON.stringify({ query: `mutation { registerTeam(input: {id: "eh-west", name: "Early Help West", service: "Early Help"}) { id } }` }),
      });
      const [event] = await t.infra.store.readStream('team-eh-west');
      expect(event.metadata.correlationId).toBe('corr-123');
    });
  });
});
