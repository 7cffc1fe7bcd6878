import { createHash } from 'node:crypto';
import { calendarFor } from '../calendar/working-calendar.js';
import { auditDecider, currentGrade, isAllocated, isDipAudit, type AllocatedAudit, type AuditCommand, type AuditState, type ModeratedAudit } from '../audits/decider.js';
import { findTemplate, type AuditTemplate } from '../audits/templates/index.js';
import { cycleDecider, type CycleCommand, type CycleState } from '../cycles/decider.js';
import type { EventStore, NewEvent } from '../event-store/event-store.port.js';
import type { Decider, DomainEvent } from '../shared/decider.js';
import { GRADES, gradeRank, isBelowGood, OVERALL, streams, type Grade, type LocalDate, type Role } from '../shared/domain-types.js';
import type { StaffFact } from '../shared/facts.js';
import { staffDecider, teamDecider } from '../staff/decider.js';
import { dipSampleDecider, type DipSampleState } from '../dip-samples/decider.js';
import { dipSampleStream } from '../dip-samples/events.js';
import { progressDecider, type ProgressState } from '../progress/decider.js';
import { progressStream } from '../progress/events.js';
import { selectionDecider, type SelectionState } from '../selection/decider.js';
import { selectionStream } from '../selection/events.js';

/**
 * The programme builder: a fictional authority's audit programme over years, made of the events the
 * live service would append. Every writer of a made-up history uses it (the benchmark's authorities,
 * bench/generate-authority.ts, and the read models' test programme, projections/test-support), so no
 * history is written that the rules would refuse: every event comes out of the deciders (the same rules, deadlines and shapes as a command
 * over GraphQL would give), and is appended through the event store port, so hash chains are real.
 * Deterministic: the same shape and seed give the same events, ids and hashes.
 *
 * Each of the 000 guide's seven Early Help services is audited every other month (six cycles a
 * year). A cycle's audits include the dip audits of the work its previous cycle moderated below
 * Good and re-audits of at least 10% of that work (000, "6-month re-audit"); each audit goes
 * through answers, section and overall grades, feedback, submission (now and then a QA return or
 * an invalidation), moderation that agrees or changes the grade, a UoPP meeting (led by the audit
 * manager for Inadequate work, with its follow-up), SMART actions completed, dropped or left
 * open, and once in a while a dispute the head of service decides. A dip audit is the audit team's
 * brief check (AFT-4): it completes on submission, without moderation, UoPP or dispute, and work it
 * finds still below Good is referred to the EH coordinator lead (AFT-5).
 */

export interface AuthorityShape {
  years: number;
  services: number;
  cyclesPerYear: number;
  auditsPerCycle: number;
  /** The first month of the programme, YYYY-MM. */
  startMonth: string;
}

export const SERVICES = [
  'EH Hub',
  'Early Intervention',
  'B19/SWISS/School Social Workers',
  'Breaking the Cycle',
  'Community Engagement',
  'Resettlement Team',
  'Baby Feeding Team',
];

export interface GeneratedCycle {
  id: string;
  service: string;
  month: string;
}

export interface GeneratedAuthority {
  /** Events appended. */
  events: number;
  /** The store's head position afterwards. */
  head: number;
  cycles: GeneratedCycle[];
  audits: number;
  /** The day after the last generated event: a clock for reading the authority "now". */
  today: LocalDate;
}

export interface GenerateOptions {
  seed?: number;
  /** Streams appended at once within a stage (distinct streams, so order within a stage is free). */
  concurrency?: number;
  log?: (line: string) => void;
  /**
   * The programme's other records besides the audits, for read models that take them: each cycle's
   * case selection (BEF-8) and re-audit candidates, a dip sample of case records, and the EH
   * coordinator lead's weekly progress on Inadequate work (REP-8). Off for the benchmark, whose
   * authority keeps the shape its figures were taken on.
   */
  otherRecords?: boolean;
}

const ETHNICITIES = ['Bangladeshi', 'White British', 'Somali', 'Black Caribbean', 'Pakistani', 'White other', 'Mixed', 'Any other'];
const KLOES = [
  'Voice of the child',
  'Management oversight and supervision',
  'Quality of assessments',
  'SMART plans and reviews',
  'Step-down and closure',
  'Direct work',
  'Working with partners',
];

// ---------------------------------------------------------------------------------------------

/** A seeded generator (mulberry32): the same seed, the same authority. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

type Random = ReturnType<typeof prng>;

interface Person {
  fact: StaffFact;
  role: Role;
}

interface Team {
  id: string;
  service: string;
  manager: Person;
  practitioners: Person[];
}

/** Commands without what every command carries: who sends it and on which day. */
type Bare<C> = C extends unknown ? Omit<C, 'actor' | 'today' | 'calendar'> : never;

interface PendingStream<State> {
  id: string;
  revision: number;
  state: State;
  pending: NewEvent[];
}

interface Audit extends PendingStream<AuditState> {
  template: AuditTemplate;
  team: Team;
  cycle: CycleRun;
  /** The grade the work deserves: the auditor lands near it. */
  quality: Grade;
  dipOf?: Audit;
  /** Its dip audits and re-audits, oldest first. */
  followUps: Audit[];
}

/** The audit's state: allocated from its first command on (the builder allocates each audit as it makes it). */
function stateOf(a: Audit): AllocatedAudit {
  if (!isAllocated(a.state)) throw new Error(`generating ${a.id}: the audit is not allocated`);
  return a.state;
}

/** The state of an audit the builder has moderated. */
function moderated(a: Audit): ModeratedAudit {
  const state = stateOf(a);
  if (state.status !== 'MODERATED') throw new Error(`generating ${a.id}: the audit is ${state.status}, not moderated`);
  return state;
}

interface CycleRun extends PendingStream<CycleState> {
  service: string;
  month: string;
  audits: Audit[];
}

export async function buildProgramme(store: EventStore, shape: AuthorityShape, options: GenerateOptions = {}): Promise<GeneratedAuthority> {
  const random = prng(options.seed ?? 20_150_101);
  const calendar = calendarFor('GB-ENG');
  const concurrency = options.concurrency ?? 8;
  const log = options.log ?? (() => undefined);
  const seedText = String(options.seed ?? 20_150_101);
  let counter = 0;
  const uuid = () => {
    const hex = createHash('sha256').update(`${seedText}:${counter++}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  let appended = 0;
  let head = 0;
  let latestDay = `${shape.startMonth}-01`;

  const metadata = (on: LocalDate, person: Person): NewEvent['metadata'] => {
    if (on > latestDay) latestDay = on;
    return {
      occurredAt: `${on}T${String(random.int(8, 16)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00.000Z`,
      actor: { staffId: person.fact.id, role: person.role },
      correlationId: uuid(),
      causationId: null,
      schemaVersion: 1,
    };
  };

  /** Decides a command on a stream in memory and queues its events for the next flush. */
  function run<S>(decider: Decider<any, DomainEvent, S>, stream: PendingStream<S>, command: { type: string; [field: string]: unknown }, by: Person, on: LocalDate): DomainEvent[] {
    const full = { ...command, actor: { staffId: by.fact.id, roles: by.fact.roles }, today: on, calendar };
    let events: DomainEvent[];
    try {
      events = decider.decide(full, stream.state);
    } catch (error) {
      throw new Error(`generating ${stream.id}: ${command.type} on ${on} by ${by.fact.id} was refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    const meta = metadata(on, by);
    for (const event of events) {
      stream.state = decider.evolve(stream.state, event);
      stream.pending.push({ id: uuid(), type: event.type, data: event.data as Record<string, unknown>, metadata: meta });
    }
    return events;
  }
  const audit = (a: Audit, command: Bare<AuditCommand>, by: Person, on: LocalDate) => run(auditDecider, a, command, by, on);
  const cycleRun = (c: CycleRun, command: Bare<CycleCommand>, by: Person, on: LocalDate) => run(cycleDecider, c, command, by, on);

  /** Appends every queued event, one append per stream, several streams at once. */
  async function flush(batch: Array<PendingStream<unknown>>): Promise<void> {
    const work = batch.filter((s) => s.pending.length > 0);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, work.length) }, async () => {
        while (next < work.length) {
          const stream = work[next++];
          const events = stream.pending;
          stream.pending = [];
          const result = await store.appendToStream(stream.id, events, { expectedRevision: stream.revision < 0 ? 'no_stream' : stream.revision });
          stream.revision = result.nextExpectedRevision;
          appended += events.length;
          head = Math.max(head, result.position);
        }
      }),
    );
  }

  // --- the directory ---------------------------------------------------------------------------
  const person = (id: string, teamId: string | null, roles: Role[], role: Role = roles[0]): Person => ({ fact: { id, teamId, roles, exemptions: [] }, role });
  const admin = person('admin', null, ['AUDIT_TEAM']);
  const auditTeam = [person('qa-1', null, ['AUDIT_TEAM', 'AUDITOR']), person('qa-2', null, ['AUDIT_TEAM', 'AUDITOR'])];
  const moderators = Array.from({ length: 8 }, (_, i) => person(`mod-${i + 1}`, null, ['MODERATOR']));
  const auditManagers = [person('am-1', null, ['AUDIT_MANAGER']), person('am-2', null, ['AUDIT_MANAGER'])];
  const headOfService = person('hos-1', null, ['HEAD_OF_SERVICE']);
  // PPL-1: with the head of service, they meet on and approve each cycle's KLOEs (BEF-1, BEF-3).
  const coordinatorLead = person('col-1', null, ['EH_COORDINATOR_LEAD']);
  const divisionalDirector = person('dd-1', null, ['DIVISIONAL_DIRECTOR']);
  const others = [person('board-1', null, ['BOARD_READER']), person('gov-1', null, ['GOVERNANCE'])];
  const services = SERVICES.slice(0, shape.services);
  const teams: Team[] = services.flatMap((service, s) =>
    [1, 2, 3].map((n) => {
      const id = `s${s + 1}-team-${n}`;
      return {
        id,
        service,
        // Team managers audit other teams' work (000: the audit team allocates a team manager).
        manager: person(`tm-s${s + 1}-${n}`, id, ['TEAM_MANAGER', 'AUDITOR']),
        practitioners: Array.from({ length: 5 }, (_, p) => person(`prac-s${s + 1}-${n}-${p + 1}`, id, ['PRACTITIONER'])),
      };
    }),
  );
  const teamStreams: Array<PendingStream<ReturnType<typeof teamDecider.initialState>>> = [];
  for (const team of teams) {
    const stream = { id: streams.team(team.id), revision: -1, state: teamDecider.initialState(), pending: [] as NewEvent[] };
    run(teamDecider, stream, { type: 'RegisterTeam', data: { id: team.id, name: `${team.service} team ${team.id.slice(-1)}`, service: team.service } }, admin, latestDay);
    teamStreams.push(stream);
  }
  await flush(teamStreams);
  // PPL-1: the coordinator lead of each service, in one of its teams, who keeps the weekly progress record (REP-8).
  const serviceLeads = new Map(options.otherRecords ? services.map((service, s) => [service, person(`col-s${s + 1}`, `s${s + 1}-team-1`, ['EH_COORDINATOR_LEAD'])] as const) : []);
  const everyone = [admin, ...auditTeam, ...moderators, ...auditManagers, headOfService, coordinatorLead, divisionalDirector, ...others, ...teams.flatMap((t) => [t.manager, ...t.practitioners]), ...serviceLeads.values()];
  const staffStreams = everyone.map((p) => {
    const stream = { id: streams.staff(p.fact.id), revision: -1, state: staffDecider.initialState(), pending: [] as NewEvent[] };
    const name = p.fact.id === 'admin' ? 'Audit team administrator' : `Staff ${p.fact.id}`;
    const data = { id: p.fact.id, name, email: `${p.fact.id}@authority.example`, teamId: p.fact.teamId, roles: p.fact.roles };
    run(staffDecider, stream, { type: 'RegisterStaff', data, team: p.fact.teamId ? { id: p.fact.teamId } : null }, admin, latestDay);
    // PPL-2: every auditor completed the audit team's training before the programme starts.
    if (p.fact.roles.includes('AUDITOR')) {
      run(staffDecider, stream, { type: 'RecordAuditorTraining', data: { staffId: p.fact.id, completedOn: latestDay } }, admin, latestDay);
      p.fact = { ...p.fact, trainedOn: latestDay };
    }
    return stream;
  });
  await flush(staffStreams);
  log(`generate: ${teams.length} teams in ${services.length} services, ${everyone.length} staff`);

  // --- the programme, month by month ------------------------------------------------------------
  const earlyHelp = findTemplate('early-help-uop')!;
  const dipSample = findTemplate('dip-sample')!;
  const dipSampleTemplate = dipSample;
  const cycles: CycleRun[] = [];
  /** Work moderated below Good, until it improves or goes to the divisional director. */
  let awaitingImprovement: Audit[] = [];
  const lastCycleOf = new Map<string, CycleRun>();
  let cases = 0;
  const months = Math.round(shape.years * 12);
  const step = Math.max(1, Math.round(12 / shape.cyclesPerYear));
  const [startYear, startMonthNumber] = shape.startMonth.split('-').map(Number);

  for (let m = 0; m < months; m++) {
    const month = monthAfter(startYear, startMonthNumber, m);
    const monthServices = services.filter((_, s) => (m + s) % step === 0);
    if (monthServices.length === 0) continue;
    const monthStart = calendar.addWorkingDays(`${month}-01`, 0);
    const scheduledOn = calendar.addWorkingDays(`${monthBefore(month)}-15`, 0);

    // 000: work not improved 4 months after moderation is escalated by the audit team to the divisional director.
    const escalated: Audit[] = [];
    awaitingImprovement = awaitingImprovement.filter((a) => {
      const due = moderated(a).improvementEscalationDue;
      if (!due || due > monthStart) return !!due;
      const followUps = a.followUps.map((f) => ({ auditId: stateOf(f).id, status: stateOf(f).status, currentGrade: currentGrade(stateOf(f)) }));
      const latest = followUps.filter((f) => f.status === 'SUBMITTED' || f.status === 'MODERATED').at(-1);
      if (!isBelowGood(latest?.currentGrade ?? currentGrade(stateOf(a))!)) return false;
      audit(a, { type: 'EscalateToDivisionalDirector', data: { auditId: stateOf(a).id, summary: 'Still below Good at the dip audit; a fresh approach is needed' }, followUps }, auditTeam[1], monthStart);
      escalated.push(a);
      return false;
    });
    await flush(escalated);

    const running: CycleRun[] = [];
    for (const service of monthServices) {
      const cycleId = uuid();
      const cycle: CycleRun = { id: streams.cycle(cycleId), revision: -1, state: cycleDecider.initialState(), pending: [], service, month, audits: [] };
      const kloes = [random.pick(KLOES), random.pick(KLOES)];
      cycleRun(cycle, { type: 'ScheduleCycle', data: { cycleId, name: `${service} ${month}`, service, month, kloes } }, auditTeam[0], scheduledOn);
      // BEF-1, BEF-3: the KLOE meeting before the month, then the three approvals allocation asks for (BEF-4).
      const attendees = [headOfService, coordinatorLead, auditTeam[0]].map((p) => p.fact);
      cycleRun(cycle, { type: 'RecordKloeMeeting', data: { cycleId: cycle.state.id, heldOn: scheduledOn, attendeeIds: attendees.map((f) => f.id) }, attendees }, auditTeam[0], scheduledOn);
      for (const approver of [headOfService, coordinatorLead, divisionalDirector]) cycleRun(cycle, { type: 'ApproveKloes', data: { cycleId: cycle.state.id } }, approver, scheduledOn);
      running.push(cycle);
    }
    await flush(running);
    if (options.otherRecords) await flush(running.flatMap((cycle) => otherRecordsOf(cycle, lastCycleOf.get(cycle.service), scheduledOn)));

    // Allocation: dip audits and re-audits of the previous cycle's work below Good first.
    for (const cycle of running) {
      const previous = lastCycleOf.get(cycle.service);
      const belowGood = (previous?.audits ?? []).filter((a) => {
        const state = stateOf(a);
        return state.status === 'MODERATED' && state.currentGrade !== null && isBelowGood(state.currentGrade) && !a.dipOf;
      });
      const followUps: Array<{ of: Audit; template: AuditTemplate }> = belowGood.map((of) => ({ of, template: dipSample }));
      const reaudits = Math.ceil(belowGood.length / 10);
      for (const of of belowGood.slice(0, reaudits)) followUps.push({ of, template: earlyHelp });
      const own = Math.max(0, shape.auditsPerCycle - followUps.length);
      const serviceTeams = teams.filter((t) => t.service === cycle.service);
      const plans = [
        ...followUps.map((f) => ({ team: f.of.team, practitioner: stateOf(f.of).practitionerId, caseRef: stateOf(f.of).caseRef, template: f.template, dipOf: f.of })),
        ...Array.from({ length: own }, () => {
          const team = random.pick(serviceTeams);
          return { team, practitioner: random.pick(team.practitioners).fact.id, caseRef: `${team.id.toUpperCase()}-${String(++cases).padStart(6, '0')}`, template: earlyHelp, dipOf: undefined };
        }),
      ];
      for (const plan of plans) {
        const dip = plan.template === dipSample;
        // 000: dip audits are completed by the audit team; audits by team managers of other teams.
        const auditor = dip ? random.pick(auditTeam) : random.pick(teams.filter((t) => t.id !== plan.team.id)).manager;
        const a: Audit = {
          id: '',
          revision: -1,
          state: auditDecider.initialState(),
          pending: [],
          template: plan.template,
          team: plan.team,
          cycle,
          quality: plan.dipOf ? improved(currentGrade(stateOf(plan.dipOf))!, random) : quality(random),
          dipOf: plan.dipOf,
          followUps: [],
        };
        plan.dipOf?.followUps.push(a);
        const auditId = uuid();
        a.id = streams.audit(auditId);
        const moderator = plan.dipOf ? findPerson(stateOf(plan.dipOf).moderatorId) : random.pick(moderators);
        audit(
          a,
          {
            type: 'AllocateAudit',
            data: {
              auditId,
              cycleId: cycle.state.id,
              caseRef: plan.caseRef,
              teamId: plan.team.id,
              practitionerId: plan.practitioner,
              teamManagerId: plan.team.manager.fact.id,
              auditorId: auditor.fact.id,
              moderatorId: moderator.fact.id,
              templateId: plan.template.id,
              reauditOfAuditId: plan.dipOf ? stateOf(plan.dipOf).id : null,
              ethnicity: random.pick(ETHNICITIES),
              childAge: random.int(0, 17),
              monthsOpen: random.int(1, 24),
            },
            cycle: { id: cycle.state.id, month, status: 'OPEN', kloeApprovals: cycle.state.kloeApprovals },
            team: { id: plan.team.id, service: plan.team.service },
            practitioner: findPerson(plan.practitioner).fact,
            teamManager: plan.team.manager.fact,
            auditor: auditor.fact,
            moderator: moderator.fact,
            template: plan.template,
            reauditOf: plan.dipOf?.state ?? null,
          },
          auditTeam[0],
          monthStart,
        );
        cycle.audits.push(a);
      }
    }
    const all = running.flatMap((c) => c.audits);
    await flush(all);

    // The auditor's work: answers, feedback, actions, grades, submission.
    for (const a of all) auditorsWork(a, monthStart);
    await flush(all);
    // The audit team's QA and the moderation.
    for (const a of all) moderation(a);
    await flush(all);
    // After moderation: UoPP meetings, actions followed up, disputes.
    for (const a of all) afterModeration(a);
    await flush(all);
    if (options.otherRecords) await flush(all.flatMap((a) => weeklyProgress(a)));
    awaitingImprovement.push(
      ...all.filter((a) => {
        const state = stateOf(a);
        return !a.dipOf && state.status === 'MODERATED' && state.improvementEscalationDue !== null;
      }),
    );

    // Every audit moderated or invalidated: the cycle closes.
    for (const cycle of running) {
      const unfinished = cycle.audits.filter((a) => stateOf(a).status !== 'MODERATED' && stateOf(a).status !== 'INVALIDATED').length;
      const closeOn = calendar.addWorkingDays(calendar.lastWorkingDayOfMonth(month), 10);
      cycleRun(cycle, { type: 'CloseCycle', data: { cycleId: cycle.state.id }, unfinishedAudits: unfinished }, auditTeam[0], closeOn);
      lastCycleOf.set(cycle.service, cycle);
      cycles.push(cycle);
    }
    await flush(running);
    if (m % 12 === 11) log(`generate: ${month}: ${appended.toLocaleString('en-GB')} events`);
  }

  return {
    events: appended,
    head,
    cycles: cycles.map((c) => ({ id: c.id.replace(/^cycle-/, ''), service: c.service, month: c.month })),
    audits: cycles.reduce((n, c) => n + c.audits.length, 0),
    today: calendar.addWorkingDays(latestDay, 1),
  };

  // --- the programme's other records (options.otherRecords) ----------------------------------------

  /** Before allocation: the cycle's case selection (BEF-8), its re-audit candidates and a dip sample of closures. */
  function otherRecordsOf(cycle: CycleRun, previous: CycleRun | undefined, on: LocalDate): Array<PendingStream<unknown>> {
    const cycleId = cycle.state.id;
    const fact = { id: cycleId, service: cycle.service, month: cycle.month, status: cycle.state.status };
    const serviceTeams = teams.filter((t) => t.service === cycle.service);
    const selection: PendingStream<SelectionState> = { id: selectionStream(cycleId), revision: -1, state: selectionDecider.initialState(), pending: [] };
    const candidates = serviceTeams.map((team) => ({ caseRef: `${team.id.toUpperCase()}-OPEN-${cycle.month}`, teamId: team.id, practitionerId: random.pick(team.practitioners).fact.id, teamManagerId: team.manager.fact.id, childAge: random.int(0, 17) }));
    const staff = serviceTeams.flatMap((t) => [t.manager, ...t.practitioners]).map((p) => p.fact);
    const proposal = { cycleId, proposalId: uuid(), seed: `sample-${cycle.month}`, candidates, sampleSizes: [{ teamId: null, size: 2 }] };
    run(selectionDecider, selection, { type: 'ProposeSample', data: proposal, cycle: fact, teams: serviceTeams, staff, caseAudits: [] }, auditTeam[0], on);
    const previousAudits = (previous?.audits ?? []).map((a) => ({ auditId: stateOf(a).id, caseRef: stateOf(a).caseRef, teamId: stateOf(a).teamId, status: stateOf(a).status, currentGrade: currentGrade(stateOf(a)), reauditOfAuditId: stateOf(a).reauditOfAuditId }));
    if (previous && previousAudits.some((a) => a.status === 'MODERATED' && a.currentGrade !== null && isBelowGood(a.currentGrade) && a.reauditOfAuditId === null)) {
      const data = { cycleId, proposalId: uuid(), seed: `reaudit-${cycle.month}` };
      run(selectionDecider, selection, { type: 'ProposeReauditCandidates', data, cycle: fact, previousCycle: { id: previous.state.id, month: previous.month }, previousAudits }, auditTeam[0], on);
    }
    const dipSample: PendingStream<DipSampleState> = { id: '', revision: -1, state: dipSampleDecider.initialState(), pending: [] };
    const dipSampleId = uuid();
    dipSample.id = dipSampleStream(dipSampleId);
    const theme = dipSampleTemplate.sections.find((section) => !section.graded)!;
    const team = random.pick(serviceTeams);
    const cases = [{ caseRef: `${team.id.toUpperCase()}-CLOSED-${cycle.month}`, teamId: team.id, answers: theme.questions.slice(0, 2).map((q) => ({ question: q.key, answer: random.pick(q.answers), comment: null })) }];
    const cycleFact = { id: cycleId, service: cycle.service, status: cycle.state.status, kloes: cycle.state.kloes };
    run(dipSampleDecider, dipSample, { type: 'RecordDipSample', data: { dipSampleId, cycleId, theme: theme.key, cases }, cycle: cycleFact, template: dipSampleTemplate, teams: serviceTeams }, auditTeam[1], on);
    const findings = ['Closure reasons are not always evidenced on file'];
    run(dipSampleDecider, dipSample, { type: 'ReportDipSampleFindings', data: { dipSampleId, findings, headOfServiceId: headOfService.fact.id }, headOfService: headOfService.fact }, auditTeam[1], on);
    return [selection, dipSample];
  }

  /** REP-8: the coordinator lead's weekly record on work still Inadequate after its first UoPP meeting. */
  function weeklyProgress(a: Audit): Array<PendingStream<unknown>> {
    const state = stateOf(a);
    const initial = state.status === 'MODERATED' ? state.uoppMeetings.find((m) => m.meeting === 'INITIAL') : undefined;
    const lead = serviceLeads.get(a.team.service);
    if (!initial || currentGrade(state) !== 'INADEQUATE' || !lead) return [];
    const stream: PendingStream<ProgressState> = { id: progressStream(stateOf(a).id), revision: -1, state: progressDecider.initialState(), pending: [] };
    const audit = { id: stateOf(a).id, teamId: stateOf(a).teamId, currentGrade: currentGrade(stateOf(a)), initialUoppHeld: true };
    const leadTeam = teams.find((t) => t.id === lead.fact.teamId)!;
    run(progressDecider, stream, { type: 'RecordInadequateWorkProgress', data: { auditId: stateOf(a).id, progress: 'The plan is on track with the family', onTrack: true }, audit, actorTeam: { id: leadTeam.id, service: leadTeam.service }, caseTeam: { id: a.team.id, service: a.team.service } }, lead, calendar.addWorkingDays(initial.heldOn, 3));
    return [stream];
  }

  // --- the stages of one audit ------------------------------------------------------------------

  function findPerson(id: string): Person {
    const found = everyone.find((p) => p.fact.id === id);
    if (!found) throw new Error(`no generated staff member ${id}`);
    return found;
  }

  function auditorWorkDay(a: Audit, monthStart: LocalDate): LocalDate {
    return calendar.addWorkingDays(monthStart, random.int(3, 12) + (a.template.id === 'dip-sample' ? 0 : 2));
  }

  function auditorsWork(a: Audit, monthStart: LocalDate): void {
    const auditor = findPerson(stateOf(a).auditorId);
    const practitioner = findPerson(stateOf(a).practitionerId);
    const day = auditorWorkDay(a, monthStart);
    const choice = a.template.sections.flatMap((s) => s.questions.filter((q) => q.answers.length > 0).map((q) => ({ section: s.key, q })));
    for (let i = 0; i < (a.template.id === 'dip-sample' ? 2 : 3); i++) {
      const { section, q } = random.pick(choice);
      audit(a, { type: 'RecordAnswer', template: a.template, data: { auditId: stateOf(a).id, section, question: q.key, answer: random.pick(q.answers), comment: random.chance(0.3) ? 'Seen on file' : null } }, auditor, day);
    }
    if (a.template.id !== 'dip-sample') {
      // AUD-1: the discussion with the practitioner and team manager, where the template asks for it.
      if (a.template.collaborativeDiscussion === 'REQUIRED') {
        audit(a, { type: 'RecordCollaborativeDiscussion', data: { auditId: stateOf(a).id, discussedOn: day, withIds: [practitioner.fact.id, stateOf(a).teamManagerId] } }, auditor, day);
      }
      const narrative = random.pick(a.template.sections.flatMap((s) => s.questions.filter((q) => q.answers.length === 0).map((q) => ({ section: s.key, q }))));
      audit(a, { type: 'RecordNarrative', template: a.template, data: { auditId: stateOf(a).id, section: narrative.section, question: narrative.q.key, text: 'The family spoke of the difference the support made' } }, auditor, day);
      if (random.chance(0.8)) {
        audit(a, { type: 'RecordFamilyFeedback', data: { auditId: stateOf(a).id, rating: random.int(2, 5), couldHaveTheirSay: 'YES', ableToAccessSupport: random.pick(['YES', 'NO'] as const), comments: null } }, auditor, day);
      } else {
        audit(a, { type: 'RecordFamilyFeedback', data: { auditId: stateOf(a).id, rating: null, notCompletedReason: 'The family did not answer three calls' } }, auditor, day);
      }
      if (random.chance(0.7)) audit(a, { type: 'RecordPractitionerFeedback', data: { auditId: stateOf(a).id, comments: 'A useful reflective discussion' } }, practitioner, day);
      const actions = random.int(1, 2);
      for (let i = 0; i < actions; i++) {
        // AUD-4: the first action is a case action, so work below Good can be submitted.
        const learning = random.chance(0.2) && i > 0;
        audit(
          a,
          {
            type: 'AgreeAction',
            data: {
              auditId: stateOf(a).id,
              actionId: uuid(),
              description: learning ? 'Attend the assessment skills workshop' : 'Update the plan with the family and review it in supervision',
              ownerId: learning ? practitioner.fact.id : random.pick([practitioner.fact.id, stateOf(a).teamManagerId]),
              dueOn: calendar.addWeeks(day, random.int(3, 6)),
              scope: learning ? 'PRACTITIONER_LEARNING' : 'CASE',
            },
            owner: learning ? practitioner.fact : findPerson(random.pick([practitioner.fact.id, stateOf(a).teamManagerId])).fact,
          },
          auditor,
          day,
        );
      }
    }
    gradeAll(a, auditor, day, a.quality);
    audit(a, { type: 'SubmitAudit', template: a.template, cycle: { id: a.cycle.state.id, month: a.cycle.month, status: 'OPEN' }, data: { auditId: stateOf(a).id } }, auditor, day);
  }

  function gradeAll(a: Audit, auditor: Person, day: LocalDate, overall: Grade): void {
    for (const section of a.template.sections.filter((s) => s.graded && s.key !== OVERALL)) {
      const grade = random.chance(0.7) ? overall : near(overall, random);
      audit(a, { type: 'SetGrade', template: a.template, data: { auditId: stateOf(a).id, section: section.key, grade, rationale: `${section.title}: evidence on file and in discussion` } }, auditor, day);
    }
    audit(a, { type: 'SetGrade', template: a.template, data: { auditId: stateOf(a).id, section: OVERALL, grade: overall, rationale: 'Weighed across the sections and the family’s view' } }, auditor, day);
  }

  function moderation(a: Audit): void {
    // AFT-4: a dip audit completed on submission; there is nothing to return, invalidate or moderate.
    if (isDipAudit(stateOf(a))) return;
    let submitted = stateOf(a).submission!.on;
    const qa = random.pick(auditTeam);
    if (random.chance(0.03)) {
      audit(a, { type: 'InvalidateAudit', data: { auditId: stateOf(a).id, reason: 'The practitioner was not contacted' } }, qa, calendar.addWorkingDays(submitted, 1));
      return;
    }
    if (random.chance(0.05)) {
      const returnedOn = calendar.addWorkingDays(submitted, 1);
      audit(a, { type: 'ReturnForRectification', data: { auditId: stateOf(a).id, reason: 'The rationale does not address the KLOEs', rectifyBy: calendar.addWorkingDays(returnedOn, 3) } }, qa, returnedOn);
      const auditor = findPerson(stateOf(a).auditorId);
      submitted = calendar.addWorkingDays(returnedOn, 2);
      audit(a, { type: 'SetGrade', template: a.template, data: { auditId: stateOf(a).id, section: OVERALL, grade: stateOf(a).auditorGrades[OVERALL], rationale: 'Rationale rewritten against the KLOEs' } }, auditor, submitted);
      audit(a, { type: 'SubmitAudit', template: a.template, cycle: { id: a.cycle.state.id, month: a.cycle.month, status: 'OPEN' }, data: { auditId: stateOf(a).id } }, auditor, submitted);
    }
    const moderator = findPerson(stateOf(a).moderatorId);
    const awaiting = stateOf(a);
    if (awaiting.status !== 'SUBMITTED') throw new Error(`generating ${a.id}: the audit is ${awaiting.status}, not submitted`);
    const due = awaiting.moderationDue;
    const on = random.chance(0.9) ? latest(submitted, earlier(due, calendar.addWorkingDays(submitted, random.int(1, 6)))) : calendar.addWorkingDays(due, random.int(1, 3));
    const initial = awaiting.submission.grade;
    const moderated = random.chance(0.8) ? initial : near(initial, random);
    if (random.chance(0.3)) {
      const section = random.pick(a.template.sections.filter((s) => s.graded && s.key !== OVERALL));
      audit(a, { type: 'ModerateGrade', template: a.template, data: { auditId: stateOf(a).id, section: section.key, grade: stateOf(a).auditorGrades[section.key], rationale: 'Agreed: the evidence supports it' } }, moderator, on);
    }
    audit(
      a,
      { type: 'ModerateGrade', template: a.template, data: { auditId: stateOf(a).id, section: OVERALL, grade: moderated, rationale: moderated === initial ? 'Agreed after discussion with the auditor' : 'The evidence on file points to another grade' } },
      moderator,
      on,
    );
    audit(a, { type: 'CompleteModeration', data: { auditId: stateOf(a).id } }, moderator, on);
  }

  function afterModeration(a: Audit): void {
    if (stateOf(a).status !== 'MODERATED') return;
    const moderatedOn = moderated(a).moderation.on;
    const grade = moderated(a).currentGrade;
    const auditor = findPerson(stateOf(a).auditorId);
    const practitioner = findPerson(stateOf(a).practitionerId);
    const manager = findPerson(stateOf(a).teamManagerId);
    // The team manager addresses the urgent issues of Inadequate work, nearly always within the 2 working days.
    if (moderated(a).urgentIssuesDue !== null && random.chance(0.95)) {
      const addressedOn = calendar.addWorkingDays(moderatedOn, random.chance(0.9) ? random.int(0, 2) : random.int(3, 5));
      audit(a, { type: 'RecordUrgentIssuesAddressed', data: { auditId: stateOf(a).id, summary: 'Safety plan reviewed with the family' } }, manager, addressedOn);
    }
    const meeting = a.template.id !== 'dip-sample' && random.chance(0.9);
    if (meeting) {
      const chair = grade === 'INADEQUATE' ? random.pick(auditManagers) : auditor;
      const heldOn = calendar.addWorkingDays(moderatedOn, random.chance(0.85) ? random.int(1, grade === 'INADEQUATE' ? 3 : 5) : random.int(6, 9));
      const raise = grade !== 'OUTSTANDING' && random.chance(0.1);
      const revisedGrade = raise ? GRADES[GRADES.indexOf(grade) - 1] : null;
      audit(
        a,
        {
          type: 'RecordUoPPMeeting',
          data: {
            auditId: stateOf(a).id,
            heldOn,
            chairId: chair.fact.id,
            attendeeIds: [practitioner.fact.id, manager.fact.id, auditor.fact.id],
            revisedGrade,
            rationale: raise ? 'Progress on the plan since the audit' : null,
            linkedPlan: random.pick(['EHA', 'TAF', 'TAC'] as const),
          },
          chair: chair.fact,
          attendees: [practitioner.fact, manager.fact, auditor.fact],
        },
        chair,
        heldOn,
      );
    }
    // Now and then the practitioner disputes the moderation; unresolved with the moderator, the head of service decides.
    // AFT-4: a dip audit is not moderated, so not disputed.
    if (!isDipAudit(stateOf(a)) && random.chance(0.02)) {
      const raisedOn = calendar.addWorkingDays(moderatedOn, 10);
      const disputeId = uuid();
      audit(a, { type: 'RaiseDispute', data: { auditId: stateOf(a).id, disputeId, reason: 'The grade does not reflect the work done with the family' } }, practitioner, raisedOn);
      const moderator = findPerson(stateOf(a).moderatorId);
      audit(a, { type: 'DiscussDispute', data: { auditId: stateOf(a).id, disputeId, resolved: false, note: 'Discussed; we still disagree' } }, moderator, calendar.addWorkingDays(raisedOn, 2));
      const current = moderated(a).currentGrade;
      audit(
        a,
        { type: 'ResolveDispute', data: { auditId: stateOf(a).id, disputeId, grade: random.chance(0.5) ? current : near(current, random), rationale: 'Decided on the file and both views' } },
        headOfService,
        calendar.addWorkingDays(raisedOn, 5),
      );
    }
    // Most actions are done by their date, some late, some dropped, the rest left open.
    for (const action of Object.values(stateOf(a).actions)) {
      const owner = findPerson(action.ownerId);
      const roll = random.next();
      if (roll < 0.7) {
        const on = random.chance(0.75) ? action.dueOn : calendar.addWorkingDays(action.dueOn, random.int(1, 10));
        if (random.chance(0.4)) audit(a, { type: 'ProgressAction', data: { auditId: stateOf(a).id, actionId: action.id, note: 'Started with the family' } }, owner, action.dueOn);
        audit(a, { type: 'CompleteAction', data: { auditId: stateOf(a).id, actionId: action.id, note: null } }, owner, on);
      } else if (roll < 0.8) {
        audit(a, { type: 'DropAction', data: { auditId: stateOf(a).id, actionId: action.id, reason: 'The case closed' } }, manager, action.dueOn);
      }
    }
    // Inadequate work: the follow-up UoPP meeting 6 weeks after the first, with the team manager.
    const followUp = moderated(a).followUpUoppDue;
    if (meeting && moderated(a).uoppMeetings.length === 1 && followUp && random.chance(0.7)) {
      audit(
        a,
        {
          type: 'RecordUoPPMeeting',
          data: { auditId: stateOf(a).id, heldOn: followUp, chairId: manager.fact.id, attendeeIds: [practitioner.fact.id, manager.fact.id], linkedPlan: 'TAF' },
          chair: manager.fact,
          attendees: [practitioner.fact, manager.fact],
        },
        manager,
        followUp,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** The grade distribution of a service doing fairly well. */
function quality(random: Random): Grade {
  const roll = random.next();
  return roll < 0.1 ? 'OUTSTANDING' : roll < 0.6 ? 'GOOD' : roll < 0.9 ? 'REQUIRES_IMPROVEMENT' : 'INADEQUATE';
}

/** Work after a UoPP plan: more often better than not. */
function improved(grade: Grade, random: Random): Grade {
  return random.chance(0.6) && gradeRank(grade) < 4 ? GRADES[GRADES.indexOf(grade) - 1] : grade;
}

/** One grade up or down. */
function near(grade: Grade, random: Random): Grade {
  const i = GRADES.indexOf(grade);
  const j = i === 0 ? 1 : i === GRADES.length - 1 ? i - 1 : random.chance(0.5) ? i - 1 : i + 1;
  return GRADES[j];
}

function monthAfter(year: number, month: number, add: number): string {
  const index = year * 12 + (month - 1) + add;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthBefore(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return monthAfter(year, m, -1);
}

const earlier = (a: LocalDate, b: LocalDate) => (a < b ? a : b);
const latest = (a: LocalDate, b: LocalDate) => (a > b ? a : b);
