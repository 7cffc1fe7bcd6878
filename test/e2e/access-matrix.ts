import { expect } from '@jest/globals';
import type { TestApp } from '../support/app.js';
import { EH_SECTIONS, setUpAuthority } from './lifecycle-fixtures.js';
import { ROLES, type Role } from '../../src/shared/domain-types.js';

/**
 * Who may use each GraphQL operation: the table DESIGN.md's "Users and what they do" asks for, one
 * entry per query and mutation in the schema (access-matrix.test.ts fails for an operation without
 * one). For each role there is a staff member related to the audit the operation acts on (its
 * practitioner, team manager, allocated auditor, allocated moderator) and, where the role's right
 * depends on that relation, an unrelated holder of the same role who must be refused.
 */

export { ROLES };
export type { Role };
const ALL: readonly Role[] = ROLES;
const OVERSIGHT: readonly Role[] = ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE'];

/** The staff member who acts for each role: on the audit (related) and not on it (unrelated). */
export const ACTORS: Record<Role, { related: string; unrelated: string }> = {
  AUDIT_TEAM: { related: 'qa', unrelated: 'qa' },
  AUDITOR: { related: 'aud', unrelated: 'aud2' },
  MODERATOR: { related: 'mod', unrelated: 'mod2' },
  AUDIT_MANAGER: { related: 'am', unrelated: 'am' },
  PRACTITIONER: { related: 'prac', unrelated: 'prac2' },
  // tm-youth manages a team of another service, so is not the EH coordinator lead of a north case either.
  TEAM_MANAGER: { related: 'tm', unrelated: 'tm-youth' },
  // hos2 is a head of service too, but not the one a dip sample's findings were sent to.
  HEAD_OF_SERVICE: { related: 'hos', unrelated: 'hos2' },
  BOARD_READER: { related: 'board', unrelated: 'board' },
  GOVERNANCE: { related: 'gov', unrelated: 'gov' },
  // coord-youth leads the coordinators of another service, so is not the coordinator lead of a north case.
  EH_COORDINATOR_LEAD: { related: 'coord', unrelated: 'coord-youth' },
  DIVISIONAL_DIRECTOR: { related: 'dd', unrelated: 'dd' },
};

export type Vars = Record<string, unknown>;
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

export interface Caller {
  role: Role;
  staffId: string;
  related: boolean;
}

export interface MatrixEntry {
  /** The document sent, with the operation as its only top-level field. */
  document: string;
  /** Roles whose related member may use the operation. Everyone else gets FORBIDDEN. */
  allowed: readonly Role[];
  /** Of `allowed`, the roles whose right comes from the relation to the audit or action: their unrelated member is refused. */
  byRelation?: readonly Role[];
  /**
   * For reads open to every role but filtered: an unrelated member of these roles gets an answer
   * with nothing of the audit in it (checked by `check`) rather than FORBIDDEN.
   */
  unrelatedSeeNothing?: readonly Role[];
  /** Makes the state the operation acts on (fresh audits, actions, disputes) and returns its variables. */
  prepare(world: World, role: Role): Promise<Vars>;
  /** Each allowed role acts on a state of its own (a mutation changes it). Reads share one. */
  freshForEach?: boolean;
  /** Allowed roles for whom a domain refusal is the right answer in this set-up, and why. */
  refusedWith?: Partial<Record<Role, { code: ErrorCode; why: string }>>;
  /** What an allowed (or filtered) caller must see in the answer. */
  check?(data: any, caller: Caller, vars: Vars, world: World): void;
}

const RATIONALE = 'MX-RATIONALE on file';

/** The authority the matrix runs against: lifecycle-fixtures' people, a governance officer, a second head of service, two cycles. */
export class World {
  private n = 0;
  /** Audits whose follow-up UoPP the EH coordinator lead `coord` was named to chair. */
  readonly chairedByCoordinator = new Set<string>();
  readonly today = '2027-02-10';

  private constructor(
    readonly t: TestApp,
    readonly as: Record<string, string>,
    /** December 2026: the cycle audits are allocated in. */
    readonly cycleId: string,
    /** February 2027: December's work below Good is re-audited here. */
    readonly laterCycleId: string,
  ) {}

  static async create(t: TestApp): Promise<World> {
    const a = await setUpAuthority(t, ['2026-12', '2027-02']);
    for (const [staffId, role, teamId] of [['gov', 'GOVERNANCE', null], ['hos2', 'HEAD_OF_SERVICE', null], ['coord-youth', 'EH_COORDINATOR_LEAD', 'youth']] as const) {
      await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
        input: { id: staffId, name: `Staff ${staffId}`, email: `${staffId}@council.example`, teamId, roles: [role] },
      });
      a.as[staffId] = await t.login(staffId);
    }
    return new World(t, a.as, a.cycles['2026-12'], a.cycles['2027-02']);
  }

  next(prefix: string): string {
    return `${prefix}-${++this.n}`;
  }

  async ok(document: string, variables: Vars, staffId: string): Promise<any> {
    return this.t.ok(document, variables, this.as[staffId]);
  }

  /** A north case (practitioner prac, manager tm), audited by aud, moderated by mod, in December. */
  async allocated(over: Vars = {}): Promise<{ auditId: string; caseRef: string }> {
    const caseRef = this.next('EH-MX');
    const input = { cycleId: this.cycleId, caseRef, teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod', ...over };
    const { allocateAudit } = await this.ok(`mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { id } }`, { input }, 'qa');
    return { auditId: allocateAudit.id, caseRef };
  }

  /** A cycle of April 2027 with a KLOE, its KLOE meeting not yet recorded. */
  async scheduled(): Promise<string> {
    const input = { name: this.next('Matrix April cycle'), service: 'Early Help', month: '2027-04', kloes: ['MX-KLOE voice of the child'] };
    return (await this.ok(`mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`, { input }, 'qa')).scheduleCycle.id;
  }

  async graded(grade = 'REQUIRES_IMPROVEMENT', over: Vars = {}) {
    const audit = await this.allocated(over);
    // AUD-1: the collaborative discussion with the practitioner and team manager comes first.
    await this.ok(
      `mutation($input: RecordCollaborativeDiscussionInput!) { recordCollaborativeDiscussion(input: $input) { id } }`,
      { input: { auditId: audit.auditId, discussedOn: '2026-12-01', withIds: [over.practitionerId ?? 'prac', over.teamManagerId ?? 'tm'] } },
      (over.auditorId as string) ?? 'aud',
    );
    const setGrade = `mutation($input: SetGradeInput!) { setGrade(input: $input) { id } }`;
    for (const section of [...EH_SECTIONS, 'OVERALL']) {
      await this.ok(setGrade, { input: { auditId: audit.auditId, section, grade, rationale: RATIONALE } }, 'aud');
    }
    if (grade === 'REQUIRES_IMPROVEMENT' || grade === 'INADEQUATE') {
      // AUD-4: work below Good is submitted with a case action that brings it to Good.
      await this.ok(
        `mutation($input: AgreeActionInput!) { agreeAction(input: $input) { id } }`,
        { input: { auditId: audit.auditId, description: 'MX-ACTION to Good', ownerId: 'prac', dueOn: '2027-04-30', scope: 'CASE' } },
        'aud',
      );
    }
    return audit;
  }

  async submitted(grade = 'REQUIRES_IMPROVEMENT', over: Vars = {}) {
    const audit = await this.graded(grade, over);
    await this.ok(`mutation($id: ID!) { submitAudit(auditId: $id) { id } }`, { id: audit.auditId }, 'aud');
    return audit;
  }

  /** With the moderator's OVERALL still to give. */
  async moderating(grade = 'REQUIRES_IMPROVEMENT', over: Vars = {}) {
    return this.submitted(grade, over);
  }

  async moderated(grade = 'REQUIRES_IMPROVEMENT', over: Vars = {}) {
    const audit = await this.submitted(grade, over);
    await this.ok(`mutation($input: ModerateGradeInput!) { moderateGrade(input: $input) { id } }`, { input: { auditId: audit.auditId, section: 'OVERALL', grade, rationale: RATIONALE } }, 'mod');
    await this.ok(`mutation($id: ID!) { completeModeration(auditId: $id) { id } }`, { id: audit.auditId }, 'mod');
    return audit;
  }

  /** Inadequate work with its first UoPP meeting held (chaired by the audit manager): the follow-up is next. */
  async afterFirstUoPP() {
    const audit = await this.moderated('INADEQUATE');
    await this.ok(`mutation($input: RecordUoPPMeetingInput!) { recordUoPPMeeting(input: $input) { id } }`, { input: { auditId: audit.auditId, heldOn: this.today, chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'] } }, 'am');
    return audit;
  }

  async action(scope = 'CASE', ownerId = 'prac', audit?: { auditId: string; caseRef: string }) {
    const on = audit ?? (await this.moderated());
    const { agreeAction } = await this.ok(
      `mutation($input: AgreeActionInput!) { agreeAction(input: $input) { id } }`,
      { input: { auditId: on.auditId, description: `MX-ACTION ${scope}`, ownerId, dueOn: '2027-04-30', scope } },
      'aud',
    );
    return { ...on, actionId: agreeAction.id as string };
  }

  /** A dispute about the moderation raised by the practitioner; `unresolved`: discussed with the moderator without agreement. */
  async dispute(unresolved: boolean) {
    const audit = await this.moderated();
    const { raiseModerationDispute } = await this.ok(
      `mutation($input: RaiseModerationDisputeInput!) { raiseModerationDispute(input: $input) { id } }`,
      { input: { auditId: audit.auditId, reason: 'MX-REASON the practitioner disagrees' } },
      'prac',
    );
    const disputeId = raiseModerationDispute.id as string;
    if (unresolved) {
      await this.ok(
        `mutation($input: DiscussModerationDisputeInput!) { discussModerationDispute(input: $input) { id } }`,
        { input: { auditId: audit.auditId, disputeId, note: 'MX-NOTE discussed', resolved: false } },
        'mod',
      );
    }
    return { ...audit, disputeId };
  }

  /** A dip sample on closures recorded by the auditor `aud`; `reported`: its findings sent to `hos` for sign-off. */
  async dipSample(reported = false): Promise<string> {
    const cases = [{ caseRef: this.next('EH-MX-DIP'), teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'NO', comment: 'MX-COMMENT closed with risk open' }] }];
    const { recordDipSample } = await this.ok(
      `mutation($input: RecordDipSampleInput!) { recordDipSample(input: $input) { id } }`,
      { input: { cycleId: this.cycleId, theme: 'CLOSURE', cases } },
      'aud',
    );
    if (reported) {
      await this.ok(
        `mutation($input: ReportDipSampleFindingsInput!) { reportDipSampleFindings(input: $input) { id } }`,
        { input: { dipSampleId: recordDipSample.id, findings: ['MX-FINDING closures too early'], headOfServiceId: 'hos' } },
        'qa',
      );
    }
    return recordDipSample.id;
  }

  /** December's work below Good, all of it proposed for re-audit in February: returns one of them. */
  async reauditCandidate(): Promise<string> {
    const { auditId } = await this.moderated('INADEQUATE');
    const propose = `mutation($cycleId: ID!, $count: Int) { proposeReauditCandidates(cycleId: $cycleId, count: $count) { belowGood candidates { auditId } } }`;
    const { proposeReauditCandidates: first } = await this.ok(propose, { cycleId: this.laterCycleId }, 'qa');
    const { proposeReauditCandidates: all } = await this.ok(propose, { cycleId: this.laterCycleId, count: first.belowGood }, 'qa');
    expect(all.candidates.map((c: { auditId: string }) => c.auditId)).toContain(auditId);
    return auditId;
  }
}

/** Every audit a caller is shown must be one they may read; board readers are shown none. */
function onlyReadableAudits(audits: Array<{ id: string; practitionerId: string; teamManagerId: string; auditorId: string; moderatorId: string }>, caller: Caller, world: World) {
  if (OVERSIGHT.includes(caller.role)) {
    expect(audits.length).toBeGreaterThan(0);
    return;
  }
  // The divisional director reads aggregates and escalations, not audits.
  if (caller.role === 'BOARD_READER' || caller.role === 'DIVISIONAL_DIRECTOR') {
    expect({ caller, audits }).toEqual({ caller, audits: [] });
    return;
  }
  // The coordinator lead is on no audit here, but reads those whose follow-up UoPP they chaired.
  if (caller.role === 'EH_COORDINATOR_LEAD') {
    expect({ caller, others: audits.filter((a) => !world.chairedByCoordinator.has(a.id)) }).toEqual({ caller, others: [] });
    return;
  }
  const unreadable = audits.filter((a) => ![a.practitionerId, a.teamManagerId, a.auditorId, a.moderatorId].includes(caller.staffId));
  expect({ caller, unreadable }).toEqual({ caller, unreadable: [] });
  if (caller.related) expect(audits.length).toBeGreaterThan(0);
}

const PARTIES = 'id practitionerId teamManagerId auditorId moderatorId';
const ACTIONS = 'id ownerId scope';

export const MATRIX: Record<string, MatrixEntry> = {
  // ---------------------------------------------------------------------------------------------
  // Queries

  'Query.me': {
    document: `{ me { id roles } }`,
    allowed: ALL,
    prepare: async () => ({}),
    check: (data, caller) => expect(data.me.id).toBe(caller.staffId),
  },
  'Query.templates': { document: `{ templates { id version } }`, allowed: ALL, prepare: async () => ({}) },
  'Query.template': { document: `query($id: ID!) { template(id: $id) { id } }`, allowed: ALL, prepare: async () => ({ id: 'early-help-uop' }) },
  'Query.cycles': {
    document: `{ cycles { id audits { ${PARTIES} } } }`,
    allowed: ALL,
    byRelation: ['AUDITOR', 'MODERATOR', 'PRACTITIONER', 'TEAM_MANAGER'],
    unrelatedSeeNothing: ['AUDITOR', 'MODERATOR', 'PRACTITIONER', 'TEAM_MANAGER'],
    prepare: async (w) => {
      await w.allocated();
      return {};
    },
    check: (data, caller, _vars, world) => onlyReadableAudits(data.cycles.flatMap((c: { audits: any[] }) => c.audits), caller, world),
  },
  'Query.cycle': {
    document: `query($id: ID!) { cycle(id: $id) { id audits { ${PARTIES} } } }`,
    allowed: ALL,
    byRelation: ['AUDITOR', 'MODERATOR', 'PRACTITIONER', 'TEAM_MANAGER'],
    unrelatedSeeNothing: ['AUDITOR', 'MODERATOR', 'PRACTITIONER', 'TEAM_MANAGER'],
    prepare: async (w) => {
      await w.allocated();
      return { id: w.cycleId };
    },
    check: (data, caller, _vars, world) => onlyReadableAudits(data.cycle.audits, caller, world),
  },
  'Query.audit': {
    document: `query($id: ID!) { audit(id: $id) { ${PARTIES} caseRef currentGrade gradeHistory { rationale } actions { ${ACTIONS} } } }`,
    allowed: ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE', 'AUDITOR', 'MODERATOR', 'PRACTITIONER', 'TEAM_MANAGER'],
    byRelation: ['AUDITOR', 'MODERATOR', 'PRACTITIONER', 'TEAM_MANAGER'],
    prepare: async (w) => {
      const audit = await w.action('CASE');
      await w.action('PRACTITIONER_LEARNING', 'prac', audit);
      return { id: audit.auditId };
    },
    // Learning actions never on the case's page: only the audit team sees them there (learningActions lists them for the line).
    check: (data, caller) => {
      const scopes = data.audit.actions.map((a: { scope: string }) => a.scope).sort();
      // Two case actions: the one agreed here and the one the RI work was submitted with (AUD-4).
      expect({ caller, scopes }).toEqual({ caller, scopes: caller.role === 'AUDIT_TEAM' ? ['CASE', 'CASE', 'PRACTITIONER_LEARNING'] : ['CASE', 'CASE'] });
    },
  },
  'Query.learningActions': {
    document: `query($auditId: ID!) { learningActions(auditId: $auditId) { ${ACTIONS} } }`,
    allowed: ALL,
    byRelation: ['PRACTITIONER', 'TEAM_MANAGER'],
    unrelatedSeeNothing: ['PRACTITIONER', 'TEAM_MANAGER'],
    prepare: async (w) => {
      const audit = await w.action('CASE');
      await w.action('PRACTITIONER_LEARNING', 'prac', audit);
      return { auditId: audit.auditId };
    },
    // The practitioner's line (the owner and the case's team manager) and the audit team; nobody else.
    check: (data, caller) => {
      const sees = ['AUDIT_TEAM', 'PRACTITIONER', 'TEAM_MANAGER'].includes(caller.role) && (caller.related || caller.role === 'AUDIT_TEAM');
      expect({ caller, scopes: data.learningActions.map((a: { scope: string }) => a.scope) }).toEqual({ caller, scopes: sees ? ['PRACTITIONER_LEARNING'] : [] });
    },
  },
  'Query.myActions': {
    document: `{ myActions { ${ACTIONS} } }`,
    allowed: ALL,
    prepare: async (w) => {
      await w.action('CASE', 'prac');
      return {};
    },
    check: (data, caller) => {
      expect(data.myActions.every((a: { ownerId: string }) => a.ownerId === caller.staffId)).toBe(true);
      if (caller.role === 'PRACTITIONER') expect(data.myActions.length).toBeGreaterThan(0);
    },
  },
  'Query.actionTracker': { document: `{ actionTracker { ${ACTIONS} } }`, allowed: ['AUDIT_TEAM'], prepare: async () => ({}) },
  'Query.keyPracticePoints': {
    document: `query($cycleId: ID!) { keyPracticePoints(cycleId: $cycleId) { cycleId points } }`,
    allowed: ALL,
    prepare: async (w) => ({ cycleId: w.cycleId }),
  },
  'Query.teams': { document: `{ teams { id } }`, allowed: OVERSIGHT, prepare: async () => ({}) },
  'Query.staff': { document: `{ staff { id name } }`, allowed: OVERSIGHT, prepare: async () => ({}) },
  'Query.tracker': { document: `query($cycleId: ID!) { tracker(cycleId: $cycleId) { auditId practitioner } }`, allowed: OVERSIGHT, prepare: async (w) => ({ cycleId: w.cycleId }) },
  'Query.trackerPage': {
    document: `query($filter: TrackerFilter) { trackerPage(filter: $filter) { totalCount nodes { auditId } } }`,
    allowed: OVERSIGHT,
    prepare: async (w) => ({ filter: { cycleId: w.cycleId } }),
  },
  'Query.gradeChanges': { document: `query($cycleId: ID) { gradeChanges(cycleId: $cycleId) { eventId rationale } }`, allowed: OVERSIGHT, prepare: async (w) => ({ cycleId: w.cycleId }) },
  'Query.improvementEscalations': { document: `{ improvementEscalations { auditId caseRef } }`, allowed: [...OVERSIGHT, 'DIVISIONAL_DIRECTOR'], prepare: async () => ({}) },
  'Query.sampleProposals': { document: `query($cycleId: ID!) { sampleProposals(cycleId: $cycleId) { id } }`, allowed: OVERSIGHT, prepare: async (w) => ({ cycleId: w.cycleId }) },
  'Query.reauditProposals': { document: `query($cycleId: ID!) { reauditProposals(cycleId: $cycleId) { id } }`, allowed: OVERSIGHT, prepare: async (w) => ({ cycleId: w.laterCycleId }) },
  // Aggregates only: the one case-free read a board reader has.
  'Query.boardReport': {
    document: `query($cycleId: ID!) { boardReport(cycleId: $cycleId) { cycle { audits grades { grade initial moderated } } } }`,
    allowed: [...OVERSIGHT, 'BOARD_READER', 'DIVISIONAL_DIRECTOR'],
    prepare: async (w) => ({ cycleId: w.cycleId }),
  },
  'Query.verifyAuditTrail': {
    document: `query($auditId: ID!) { verifyAuditTrail(auditId: $auditId) { streamId valid } }`,
    allowed: ['GOVERNANCE', 'AUDIT_TEAM'],
    prepare: async (w) => ({ auditId: (await w.allocated()).auditId }),
    check: (data) => expect(data.verifyAuditTrail.valid).toBe(true),
  },

  // Everyone's own queue; anyone's for the audit team.
  'Query.myWorkQueue': {
    document: `{ myWorkQueue { staffId items { kind auditId } } }`,
    allowed: ALL,
    prepare: async (w) => {
      await w.allocated();
      return {};
    },
    check: (data, caller) => {
      expect(data.myWorkQueue.staffId).toBe(caller.staffId);
      if (caller.role === 'AUDITOR') expect(data.myWorkQueue.items.length).toBeGreaterThan(0);
      if (caller.role === 'BOARD_READER') expect(data.myWorkQueue.items).toEqual([]);
    },
  },
  'Query.workQueue': {
    document: `query($staffId: ID!) { workQueue(staffId: $staffId) { staffId items { kind } } }`,
    allowed: ['AUDIT_TEAM'],
    prepare: async () => ({ staffId: 'aud' }),
  },
  // Dip samples: the audit team and auditors record them; who recorded one, and oversight, read it.
  'Query.dipSamples': {
    document: `query($cycleId: ID) { dipSamples(cycleId: $cycleId) { id recordedById cases { caseRef } } }`,
    allowed: ['AUDIT_TEAM', 'AUDITOR', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE'],
    byRelation: ['AUDITOR'],
    unrelatedSeeNothing: ['AUDITOR'],
    prepare: async (w) => {
      await w.dipSample();
      return { cycleId: w.cycleId };
    },
    check: (data, caller) => {
      const samples: Array<{ recordedById: string }> = data.dipSamples;
      if (caller.role !== 'AUDITOR') return expect(samples.length).toBeGreaterThan(0);
      expect({ caller, others: samples.filter((d) => d.recordedById !== caller.staffId) }).toEqual({ caller, others: [] });
      expect({ caller, sees: samples.length > 0 }).toEqual({ caller, sees: caller.related });
    },
  },
  'Query.dipSample': {
    document: `query($id: ID!) { dipSample(id: $id) { id cases { caseRef } } }`,
    allowed: ['AUDIT_TEAM', 'AUDITOR', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE'],
    byRelation: ['AUDITOR'],
    prepare: async (w) => ({ id: await w.dipSample() }),
    check: (data) => expect(data.dipSample.cases).toHaveLength(1),
  },
  'Mutation.recordDipSample': {
    document: `mutation($input: RecordDipSampleInput!) { recordDipSample(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM', 'AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({
      input: { cycleId: w.cycleId, theme: 'SUPERVISION', cases: [{ caseRef: w.next('EH-MX-DIP'), teamId: 'north', answers: [{ question: 'SUPERVISION_Q1', answer: 'YES' }] }] },
    }),
  },
  'Mutation.reportDipSampleFindings': {
    document: `mutation($input: ReportDipSampleFindingsInput!) { reportDipSampleFindings(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { dipSampleId: await w.dipSample(), findings: ['MX-FINDING closures too early'], headOfServiceId: 'hos' } }),
  },
  'Mutation.signOffDipSample': {
    document: `mutation($input: SignOffDipSampleInput!) { signOffDipSample(input: $input) { id } }`,
    allowed: ['HEAD_OF_SERVICE'],
    byRelation: ['HEAD_OF_SERVICE'],
    freshForEach: true,
    prepare: async (w) => ({ input: { dipSampleId: await w.dipSample(true), note: 'MX-NOTE agreed' } }),
  },

  // ---------------------------------------------------------------------------------------------
  // Administration: the audit team (exemptions: the head of service)

  'Mutation.registerTeam': {
    document: `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { id: w.next('mx-team'), name: 'Matrix team', service: 'Early Help' } }),
  },
  'Mutation.registerStaff': {
    document: `mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      const staffId = w.next('mx-staff');
      return { input: { id: staffId, name: 'Matrix person', email: `${staffId}@council.example`, teamId: 'north', roles: ['PRACTITIONER'] } };
    },
  },
  'Mutation.grantAuditorExemption': {
    document: `mutation($input: GrantAuditorExemptionInput!) { grantAuditorExemption(input: $input) { staffId } }`,
    allowed: ['HEAD_OF_SERVICE'],
    freshForEach: true,
    prepare: async (w) => ({ input: { staffId: 'aud-north', cycleId: w.laterCycleId, reason: 'MX-REASON long-term leave' } }),
  },
  'Mutation.recordAuditorTraining': {
    document: `mutation($input: RecordAuditorTrainingInput!) { recordAuditorTraining(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      const staffId = w.next('mx-auditor');
      await w.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, { input: { id: staffId, name: 'Matrix auditor', email: `${staffId}@council.example`, teamId: 'youth', roles: ['AUDITOR'] } }, 'qa');
      return { input: { staffId, completedOn: '2027-01-20' } };
    },
  },
  'Mutation.recordStaffLeaving': {
    document: `mutation($input: RecordStaffLeavingInput!) { recordStaffLeaving(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      const staffId = w.next('mx-leaver');
      await w.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, { input: { id: staffId, name: 'Matrix leaver', email: `${staffId}@council.example`, teamId: 'youth', roles: ['PRACTITIONER'] } }, 'qa');
      return { input: { staffId, leftOn: '2027-01-20' } };
    },
  },
  'Mutation.recordKloeMeeting': {
    document: `mutation($input: RecordKloeMeetingInput!) { recordKloeMeeting(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { cycleId: await w.scheduled(), heldOn: '2027-02-01', attendeeIds: ['hos', 'coord', 'qa'] } }),
  },
  'Mutation.approveKloes': {
    document: `mutation($cycleId: ID!) { approveKloes(cycleId: $cycleId) { id } }`,
    allowed: ['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'],
    freshForEach: true,
    prepare: async (w) => {
      const cycleId = await w.scheduled();
      await w.ok(`mutation($input: RecordKloeMeetingInput!) { recordKloeMeeting(input: $input) { id } }`, { input: { cycleId, heldOn: '2027-02-01', attendeeIds: ['hos', 'coord'] } }, 'qa');
      return { cycleId };
    },
  },
  'Mutation.recordPracticeDay': {
    document: `mutation($input: RecordPracticeDayInput!) { recordPracticeDay(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    // The World's clock is 10 February 2027: month 4 of a November 2026 cycle.
    prepare: async (w) => {
      const input = { name: w.next('Matrix November cycle'), service: 'Early Help', month: '2026-11' };
      const cycleId = (await w.ok(`mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`, { input }, 'qa')).scheduleCycle.id;
      return { input: { cycleId, heldOn: '2027-02-03', leadersObservations: ['MX-NOTE curious direct work'], familyFeedback: [] } };
    },
  },
  // AUD-10: a fresh cycle has no social care audit received: the audit team is let in and told so.
  'Mutation.drawModerationSample': {
    document: `mutation($input: DrawModerationSampleInput!) { drawModerationSample(input: $input) { sampleId } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      const input = { name: w.next('Matrix sample cycle'), service: 'Children’s Social Care', month: '2027-03' };
      const cycleId = (await w.ok(`mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`, { input }, 'qa')).scheduleCycle.id;
      return { input: { cycleId, seed: 'MX-SEED' } };
    },
    refusedWith: { AUDIT_TEAM: { code: 'CONFLICT', why: 'no audit of the cycle awaits the moderation sample' } },
  },
  'Mutation.appointModerationGroup': {
    document: `mutation($input: AppointModerationGroupInput!) { appointModerationGroup(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      const input = { name: w.next('Matrix group cycle'), service: 'Early Help', month: '2027-05' };
      const cycleId = (await w.ok(`mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`, { input }, 'qa')).scheduleCycle.id;
      return { input: { cycleId, memberIds: ['qa', 'mod'] } };
    },
  },
  'Query.moderationSamples': {
    document: `query($cycleId: ID!) { moderationSamples(cycleId: $cycleId) { sampleId } }`,
    allowed: ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE'],
    prepare: async (w) => ({ cycleId: w.cycleId }),
  },
  'Query.practiceDay': {
    document: `query($cycleId: ID!) { practiceDay(cycleId: $cycleId) { heldOn } }`,
    allowed: ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR', 'GOVERNANCE'],
    prepare: async (w) => ({ cycleId: w.cycleId }),
  },
  'Mutation.scheduleCycle': {
    document: `mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { name: w.next('Matrix cycle'), service: 'Early Help', month: '2027-04' } }),
  },
  'Mutation.agreeKloes': {
    document: `mutation($input: AgreeKloesInput!) { agreeKloes(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    // A cycle of its own: new KLOEs ask for approval again (BEF-3), which the re-audits of the later cycle need.
    prepare: async (w) => ({ input: { cycleId: await w.scheduled(), kloes: ['Voice of the child'] } }),
  },
  'Mutation.closeCycle': {
    document: `mutation($cycleId: ID!) { closeCycle(cycleId: $cycleId) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      const { scheduleCycle } = await w.ok(`mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }`, { input: { name: w.next('Closing cycle'), service: 'Targeted Youth', month: '2026-09' } }, 'qa');
      return { cycleId: scheduleCycle.id };
    },
  },
  'Mutation.publishKeyPracticePoints': {
    document: `mutation($input: PublishKeyPracticePointsInput!) { publishKeyPracticePoints(input: $input) { cycleId } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { cycleId: w.cycleId, points: ['Record the voice of the child'] } }),
  },
  'Mutation.proposeSample': {
    document: `mutation($input: ProposeSampleInput!) { proposeSample(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({
      input: {
        cycleId: w.laterCycleId,
        candidates: [{ caseRef: w.next('EH-MX-OPEN'), teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm' }],
        sampleSizes: [{ size: 1 }],
      },
    }),
  },
  'Mutation.proposeReauditCandidates': {
    document: `mutation($cycleId: ID!) { proposeReauditCandidates(cycleId: $cycleId) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      await w.moderated('REQUIRES_IMPROVEMENT');
      return { cycleId: w.laterCycleId };
    },
  },
  'Mutation.allocateReaudit': {
    document: `mutation($input: AllocateReauditInput!) { allocateReaudit(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { cycleId: w.laterCycleId, reauditOfAuditId: await w.reauditCandidate(), auditorId: 'aud', moderatorId: 'mod' } }),
  },
  'Mutation.allocateAudit': {
    document: `mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({
      input: { cycleId: w.cycleId, caseRef: w.next('EH-MX'), teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' },
    }),
  },
  'Mutation.returnAuditForRectification': {
    document: `mutation($input: ReturnAuditForRectificationInput!) { returnAuditForRectification(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.submitted()).auditId, reason: 'MX-REASON evidence missing', rectifyBy: '2027-02-24' } }),
  },
  'Mutation.invalidateAudit': {
    document: `mutation($input: InvalidateAuditInput!) { invalidateAudit(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated()).auditId, reason: 'MX-REASON case closed before audit' } }),
  },
  'Mutation.reallocateAudit': {
    document: `mutation($input: ReallocateAuditInput!) { reallocateAudit(input: $input) { id } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated()).auditId, auditorId: 'aud2', reason: 'MX-REASON auditor on leave' } }),
  },
  // The 4-month date of work moderated today has not come: the audit team is let in and told so.
  'Mutation.escalateToDivisionalDirector': {
    document: `mutation($input: EscalateToDivisionalDirectorInput!) { escalateToDivisionalDirector(input: $input) { auditId } }`,
    allowed: ['AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.moderated('REQUIRES_IMPROVEMENT')).auditId, summary: 'MX-SUMMARY no improvement' } }),
    refusedWith: { AUDIT_TEAM: { code: 'CONFLICT', why: 'escalation is due only 4 months after moderation' } },
  },
  'Mutation.exportAuditTrail': {
    document: `mutation($auditId: ID!) { exportAuditTrail(auditId: $auditId) }`,
    allowed: ['GOVERNANCE'],
    freshForEach: true,
    prepare: async (w) => ({ auditId: (await w.allocated()).auditId }),
  },

  // ---------------------------------------------------------------------------------------------
  // The allocated auditor

  'Mutation.recordAnswer': {
    document: `mutation($input: RecordAnswerInput!) { recordAnswer(input: $input) { id } }`,
    allowed: ['AUDITOR'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated()).auditId, section: 'S2_WHY_HELP', question: 'S2_Q1', answer: 'YES' } }),
  },
  'Mutation.recordNarrative': {
    document: `mutation($input: RecordNarrativeInput!) { recordNarrative(input: $input) { id } }`,
    allowed: ['AUDITOR'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated()).auditId, section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'MX-NARRATIVE genogram on file' } }),
  },
  'Mutation.setGrade': {
    document: `mutation($input: SetGradeInput!) { setGrade(input: $input) { id } }`,
    allowed: ['AUDITOR'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated()).auditId, section: 'OVERALL', grade: 'GOOD', rationale: RATIONALE } }),
  },
  // AUD-1 and AUD-8: the allocated auditor only.
  'Mutation.recordCollaborativeDiscussion': {
    document: `mutation($input: RecordCollaborativeDiscussionInput!) { recordCollaborativeDiscussion(input: $input) { id } }`,
    allowed: ['AUDITOR'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated()).auditId, discussedOn: w.today, withIds: ['prac'] } }),
  },
  'Mutation.markSectionNotApplicable': {
    document: `mutation($input: MarkSectionNotApplicableInput!) { markSectionNotApplicable(input: $input) { id } }`,
    allowed: ['AUDITOR'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated({ templateId: 'social-care' })).auditId, section: 'REVIEWS', reason: 'MX-REASON child in need plan: no reviews yet' } }),
  },
  'Mutation.submitAudit': {
    document: `mutation($auditId: ID!) { submitAudit(auditId: $auditId) { id } }`,
    allowed: ['AUDITOR'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ auditId: (await w.graded('INADEQUATE')).auditId }),
  },
  'Mutation.recordFamilyFeedback': {
    document: `mutation($input: RecordFamilyFeedbackInput!) { recordFamilyFeedback(input: $input) { id } }`,
    allowed: ['AUDITOR'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.allocated()).auditId, rating: 4, comments: 'MX-FEEDBACK mum felt listened to' } }),
  },
  'Mutation.recordPractitionerFeedback': {
    document: `mutation($input: RecordPractitionerFeedbackInput!) { recordPractitionerFeedback(input: $input) { id } }`,
    allowed: ['AUDITOR', 'PRACTITIONER'],
    byRelation: ['AUDITOR', 'PRACTITIONER'],
    freshForEach: true,
    // AUD-6: the practitioner answers; the auditor records only why it could not be completed.
    prepare: async (w, role) => ({
      input: { auditId: (await w.allocated()).auditId, ...(role === 'AUDITOR' ? { notCompletedReason: 'MX-REASON on leave' } : { comments: 'MX-FEEDBACK useful reflection' }) },
    }),
  },
  'Mutation.raiseEscalation': {
    document: `mutation($input: RaiseEscalationInput!) { raiseEscalation(input: $input) { id } }`,
    allowed: ['AUDITOR', 'MODERATOR'],
    byRelation: ['AUDITOR', 'MODERATOR'],
    freshForEach: true,
    prepare: async (w) => ({
      input: { auditId: (await w.submitted()).auditId, escalatedToIds: ['tm'], escalatedOn: w.today, concern: 'MX-CONCERN unsafe sleeping', immediateActions: 'MX-ACTIONS visit today' },
    }),
  },
  'Mutation.agreeAction': {
    document: `mutation($input: AgreeActionInput!) { agreeAction(input: $input) { id } }`,
    allowed: ['AUDITOR', 'AUDIT_MANAGER', 'AUDIT_TEAM'],
    byRelation: ['AUDITOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.moderated()).auditId, description: 'MX-ACTION update the plan', ownerId: 'prac', dueOn: '2027-04-30', scope: 'CASE' } }),
  },

  // ---------------------------------------------------------------------------------------------
  // The allocated moderator

  'Mutation.moderateGrade': {
    document: `mutation($input: ModerateGradeInput!) { moderateGrade(input: $input) { id } }`,
    allowed: ['MODERATOR'],
    byRelation: ['MODERATOR'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.moderating()).auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: RATIONALE } }),
  },
  'Mutation.completeModeration': {
    document: `mutation($auditId: ID!) { completeModeration(auditId: $auditId) { id } }`,
    allowed: ['MODERATOR'],
    byRelation: ['MODERATOR'],
    freshForEach: true,
    prepare: async (w) => {
      const { auditId } = await w.moderating('GOOD');
      await w.ok(`mutation($input: ModerateGradeInput!) { moderateGrade(input: $input) { id } }`, { input: { auditId, section: 'OVERALL', grade: 'GOOD', rationale: RATIONALE } }, 'mod');
      return { auditId };
    },
  },
  'Mutation.discussModerationDispute': {
    document: `mutation($input: DiscussModerationDisputeInput!) { discussModerationDispute(input: $input) { id } }`,
    allowed: ['MODERATOR'],
    byRelation: ['MODERATOR'],
    freshForEach: true,
    prepare: async (w) => {
      const { auditId, disputeId } = await w.dispute(false);
      return { input: { auditId, disputeId, note: 'MX-NOTE talked it through', resolved: true } };
    },
  },

  // ---------------------------------------------------------------------------------------------
  // UoPP: the auditor (RI and above), the audit manager (Inadequate), the audit team recording it,
  // and for the follow-up of Inadequate work the case's team manager as chair.

  'Mutation.recordUoPPMeeting': {
    document: `mutation($input: RecordUoPPMeetingInput!) { recordUoPPMeeting(input: $input) { id } }`,
    allowed: ['AUDITOR', 'AUDIT_MANAGER', 'AUDIT_TEAM', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD'],
    byRelation: ['AUDITOR', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD'],
    freshForEach: true,
    prepare: async (w, role) => {
      if (role === 'EH_COORDINATOR_LEAD') {
        const { auditId } = await w.afterFirstUoPP();
        w.chairedByCoordinator.add(auditId);
        return { input: { auditId, heldOn: w.today, chairId: 'coord', attendeeIds: ['prac', 'tm'] } };
      }
      if (role === 'TEAM_MANAGER') {
        const { auditId } = await w.afterFirstUoPP();
        return { input: { auditId, heldOn: w.today, chairId: 'tm', attendeeIds: ['prac', 'tm'] } };
      }
      if (role === 'AUDIT_MANAGER') {
        const { auditId } = await w.moderated('INADEQUATE');
        return { input: { auditId, heldOn: w.today, chairId: 'am', attendeeIds: ['prac', 'tm', 'aud'] } };
      }
      const { auditId } = await w.moderated('REQUIRES_IMPROVEMENT');
      return { input: { auditId, heldOn: w.today, chairId: 'aud', attendeeIds: ['prac', 'tm'] } };
    },
  },

  // REP-8, REP-9: the EH coordinator lead's weekly progress on Inadequate work, after the first UoPP meeting.
  'Mutation.recordInadequateWorkProgress': {
    document: `mutation($input: RecordInadequateWorkProgressInput!) { recordInadequateWorkProgress(input: $input) { weekOf } }`,
    allowed: ['EH_COORDINATOR_LEAD'],
    byRelation: ['EH_COORDINATOR_LEAD'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.afterFirstUoPP()).auditId, progress: 'MX-NOTE plan on track', onTrack: true } }),
  },
  'Query.inadequateWorkProgress': {
    document: `query($auditId: ID!) { inadequateWorkProgress(auditId: $auditId) { weekOf progress } }`,
    allowed: ['AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'DIVISIONAL_DIRECTOR', 'EH_COORDINATOR_LEAD', 'AUDIT_TEAM'],
    prepare: async (w) => ({ auditId: (await w.afterFirstUoPP()).auditId }),
  },

  // The urgent issues of Inadequate work: the case's team manager only.
  'Mutation.recordUrgentIssuesAddressed': {
    document: `mutation($input: RecordUrgentIssuesAddressedInput!) { recordUrgentIssuesAddressed(input: $input) { id } }`,
    allowed: ['TEAM_MANAGER'],
    byRelation: ['TEAM_MANAGER'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.moderated('INADEQUATE')).auditId, summary: 'MX-NOTE safety plan reviewed' } }),
  },

  // ---------------------------------------------------------------------------------------------
  // Actions: owner (here the practitioner) and the case's team manager follow up; the team manager
  // or audit team drop.

  // AUD-5: the practitioner of the case acknowledges a case action.
  'Mutation.acknowledgeAction': {
    document: `mutation($input: AcknowledgeActionInput!) { acknowledgeAction(input: $input) { id acknowledgedOn } }`,
    allowed: ['PRACTITIONER'],
    byRelation: ['PRACTITIONER'],
    freshForEach: true,
    prepare: async (w) => ({ input: { actionId: (await w.action('CASE')).actionId, comment: 'MX-COMMENT agreed' } }),
  },

  'Mutation.progressAction': {
    document: `mutation($input: ProgressActionInput!) { progressAction(input: $input) { id } }`,
    allowed: ['PRACTITIONER', 'TEAM_MANAGER'],
    byRelation: ['PRACTITIONER', 'TEAM_MANAGER'],
    freshForEach: true,
    prepare: async (w) => ({ input: { actionId: (await w.action('CASE', 'prac')).actionId, note: 'MX-NOTE plan updated' } }),
  },
  'Mutation.completeAction': {
    document: `mutation($input: CompleteActionInput!) { completeAction(input: $input) { id } }`,
    allowed: ['PRACTITIONER', 'TEAM_MANAGER'],
    byRelation: ['PRACTITIONER', 'TEAM_MANAGER'],
    freshForEach: true,
    prepare: async (w) => ({ input: { actionId: (await w.action('CASE', 'prac')).actionId, note: 'MX-NOTE done' } }),
  },
  'Mutation.dropAction': {
    document: `mutation($input: DropActionInput!) { dropAction(input: $input) { id } }`,
    allowed: ['TEAM_MANAGER', 'AUDIT_TEAM'],
    byRelation: ['TEAM_MANAGER'],
    freshForEach: true,
    prepare: async (w) => ({ input: { actionId: (await w.action('CASE', 'prac')).actionId, reason: 'MX-REASON superseded' } }),
  },

  // ---------------------------------------------------------------------------------------------
  // Moderation disputes: raised by the case's practitioner or team manager, decided by the head of
  // service or the audit team.

  'Mutation.raiseModerationDispute': {
    document: `mutation($input: RaiseModerationDisputeInput!) { raiseModerationDispute(input: $input) { id } }`,
    allowed: ['PRACTITIONER', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD'],
    byRelation: ['PRACTITIONER', 'TEAM_MANAGER', 'EH_COORDINATOR_LEAD'],
    freshForEach: true,
    prepare: async (w) => ({ input: { auditId: (await w.moderated()).auditId, reason: 'MX-REASON the grade misses the direct work' } }),
  },
  // ---------------------------------------------------------------------------------------------
  // Notifications (src/notifications): each person sees what was sent to them; the audit team sees
  // every message and resends a failed one; the chair sends the UoPP invitation.

  'Query.myNotifications': {
    document: `{ myNotifications { id recipientId subject } }`,
    allowed: ALL,
    prepare: async (w) => {
      await w.allocated();
      return {};
    },
    check: (data, caller) => {
      expect(data.myNotifications.every((n: { recipientId: string }) => n.recipientId === caller.staffId)).toBe(true);
      if (caller.role === 'PRACTITIONER' || caller.role === 'AUDITOR') expect(data.myNotifications.length).toBeGreaterThan(0);
    },
  },
  'Query.notifications': {
    document: `{ notifications { id state recipientId } }`,
    allowed: ['AUDIT_TEAM'],
    prepare: async (w) => {
      await w.allocated();
      return {};
    },
    check: (data) => expect(data.notifications.length).toBeGreaterThan(0),
  },
  'Query.notificationCounts': { document: `{ notificationCounts { queued sent failed undeliverable } }`, allowed: ['AUDIT_TEAM'], prepare: async () => ({}) },
  'Mutation.resendNotification': {
    document: `mutation($id: ID!) { resendNotification(id: $id) { id state } }`,
    allowed: ['AUDIT_TEAM'],
    prepare: async (w) => {
      // A message every try failed for (the delivery tests get there through a refusing SMTP server).
      const { auditId } = await w.allocated();
      const [row] = await w.t.infra.dataSource.query(`SELECT id FROM notification_outbox WHERE audit_id = $1 ORDER BY id LIMIT 1`, [auditId]);
      await w.t.infra.dataSource.query(`UPDATE notification_outbox SET state = 'FAILED', attempts = 6, last_error = '451 try again later' WHERE id = $1`, [row.id]);
      return { id: row.id };
    },
    check: (data) => expect(data.resendNotification.state).toBe('QUEUED'),
  },
  'Mutation.sendUoPPInvitation': {
    document: `mutation($input: SendUoPPInvitationInput!) { sendUoPPInvitation(input: $input) { id recipientId hasCalendarInvitation } }`,
    allowed: ['AUDITOR', 'AUDIT_MANAGER', 'TEAM_MANAGER'],
    byRelation: ['AUDITOR', 'TEAM_MANAGER'],
    freshForEach: true,
    prepare: async (w, role) => {
      const startsAt = '2027-03-01T10:00:00.000Z';
      if (role === 'TEAM_MANAGER') return { input: { auditId: (await w.afterFirstUoPP()).auditId, meeting: 'FOLLOW_UP', startsAt } };
      if (role === 'AUDIT_MANAGER') return { input: { auditId: (await w.moderated('INADEQUATE')).auditId, meeting: 'INITIAL', startsAt } };
      return { input: { auditId: (await w.moderated('REQUIRES_IMPROVEMENT')).auditId, meeting: 'INITIAL', startsAt } };
    },
    check: (data) => {
      expect(data.sendUoPPInvitation.length).toBeGreaterThan(2);
      expect(data.sendUoPPInvitation.every((n: { hasCalendarInvitation: boolean }) => n.hasCalendarInvitation)).toBe(true);
    },
  },
  'Mutation.resolveModerationDispute': {
    document: `mutation($input: ResolveModerationDisputeInput!) { resolveModerationDispute(input: $input) { id } }`,
    allowed: ['HEAD_OF_SERVICE', 'AUDIT_TEAM'],
    freshForEach: true,
    prepare: async (w) => {
      const { auditId, disputeId } = await w.dispute(true);
      return { input: { auditId, disputeId, grade: 'GOOD', rationale: RATIONALE } };
    },
  },
};

/**
 * What a refusal may say: the rule or the role, never the case reference, a person's name or
 * email, a grade, or any free text of the audit (all the fixture's text is marked MX-).
 */
export const LEAKS = /EH-MX|MX-|Staff [a-z]|@council\.example|OUTSTANDING|\bGOOD\b|REQUIRES_IMPROVEMENT|INADEQUATE|Outstanding|\bGood\b|Requires Improvement|Inadequate/;
