import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { auditDecider, currentGrade, isAllocated, type AllocateAudit, type AllocatedAudit, type AuditCommand, type AuditState } from '../audits/decider.js';
import type { ImportSubmission } from '../audits/rules/imported-history.js';
import type { AuditEvent } from '../audits/events.js';
import { DEFAULT_TEMPLATE_ID, findTemplate } from '../audits/templates/index.js';
import { cycleDecider } from '../cycles/decider.js';
import type { CycleEvent } from '../cycles/events.js';
import { fold, type Actor } from '../shared/decider.js';
import { isBelowGood, streams, type Grade, type LocalDate, type Role } from '../shared/domain-types.js';
import { DomainError } from '../shared/errors.js';
import * as cell from './cell-values.js';
import { CellProblem } from './cell-values.js';
import { importStream, type ImportProvenance, type TrackerImported } from './events.js';
import { columnHeading, type TrackerColumnKey } from './tracker-columns.js';
import type { CellValue, RowProblem, SheetRow, TrackerFormat, TrackerSheet } from './tracker-file.js';

/**
 * Turning a tracker spreadsheet into events, as a pure function of the file and the facts the
 * handler gathered. Nothing is appended unless every row is good: the plan is made whole or refused
 * whole with every problem listed by row and column.
 *
 * What each row becomes (the ordinary event types, so every read model takes imported history as it
 * takes live work, each carrying `data.imported`), every step decided by its decider on the state the
 * earlier steps left, so a row the rules refuse is a problem of that row and nothing is written:
 * - its cycle (one per service and month): ScheduleCycle, decided by the cycle decider; and
 *   CloseCycle, through the same decider, once every audit of the cycle is moderated or invalidated;
 * - AllocateAudit, decided by the audit decider with the same independence rules as a live
 *   allocation (judged on the directory as it stands now);
 * - the steps the tracker records, as the audit decider's import commands
 *   (src/audits/rules/imported-history.ts: a tracker holds only the overall grades, so the live
 *   commands that ask for every section's grade or the UoPP attendees cannot be used): the
 *   submission (GradeSet, AuditSubmitted), the moderation (ModerationChanged, ModerationCompleted,
 *   ReauditDue when a re-audit is required), the urgent issues addressed, the UoPP meeting (UoPPHeld);
 *   and InvalidateAudit, the live command, for a row whose status says so.
 *
 * What stays here is reading the tracker: its cells, which stage a row records, and the dates of
 * steps it leaves undated, which are those the 000 guide expects (moderation by the moderation due
 * date, the UoPP meeting by its due date) and never after today.
 * Events are dated (occurredAt) on the day they stand for, at noon UTC.
 */

export interface DirectoryFacts {
  teams: ReadonlyArray<{ id: string; name: string; service: string }>;
  staff: ReadonlyArray<{ id: string; name: string; teamId: string | null; roles: readonly Role[] }>;
}

export interface ExistingCycle {
  id: string;
  name: string;
  service: string;
  month: string;
}

export interface ImportInput {
  sheet: TrackerSheet;
  fileName: string;
  format: TrackerFormat;
  /** SHA-256 of the file: ids are derived from it, so importing the same file again changes nothing. */
  sha256: string;
  directory: DirectoryFacts;
  existingCycles: readonly ExistingCycle[];
  actor: Actor;
  today: LocalDate;
  now: Date;
  calendar: WorkingCalendar;
}

export interface PlannedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface PlannedAppend {
  streamId: string;
  events: PlannedEvent[];
}

export interface ImportPlan {
  importId: string;
  /** In the order to append: each cycle, its audits, then its closing; the import record last. */
  appends: PlannedAppend[];
  record: TrackerImported['data'];
  eventCount: number;
}

/** The file has problems: nothing of it is imported. */
export class ImportRefused extends DomainError {
  constructor(readonly problems: RowProblem[]) {
    const rows = new Set(problems.map((p) => p.row)).size;
    super(
      'BAD_USER_INPUT',
      `file: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}; nothing was imported`,
      'file',
    );
    this.name = 'ImportRefused';
  }
}

/** A UUID made from the file's hash and a name: the same file always gives the same ids. */
export function importUuid(sha256: string, name: string): string {
  const hex = createHash('sha256').update(`${sha256}:${name}`).digest('hex');
  // Shaped as an RFC 9562 version 8 (custom) UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const importIdOf = (sha256: string) => importUuid(sha256, 'import');

type Person = DirectoryFacts['staff'][number];
type Team = DirectoryFacts['teams'][number];
type Status = 'SUBMITTED' | 'MODERATED' | 'INVALIDATED';

interface ParsedRow {
  row: number;
  cycleName: string;
  service: string;
  month: string;
  caseRef: string;
  team: Team;
  practitioner: Person;
  teamManager: Person;
  auditor: Person;
  moderator: Person;
  initialGrade: Grade | null;
  moderatedGrade: Grade | null;
  status: Status;
  uoppHeld: boolean;
  reauditRequired: boolean;
  submittedOn: LocalDate;
  moderatedOn: LocalDate | null;
  uoppHeldOn: LocalDate | null;
  uoppChair: Person | null;
  /** Whether the file has the urgent issues column at all: without it, no urgent issues deadline is set. */
  urgentIssuesKept: boolean;
  urgentIssuesAddressedOn: LocalDate | null;
  kloes: string[];
  ethnicity: string | null;
  childAge: number | null;
}

export function planTrackerImport(input: ImportInput): ImportPlan {
  // Rows are not read against headings that are wrong: every row would repeat the same problem.
  if (input.sheet.problems.length > 0) throw new ImportRefused(input.sheet.problems);
  const problems: RowProblem[] = [];
  if (input.sheet.rows.length === 0) {
    problems.push({ row: input.sheet.headingRow + 1, column: 'row', message: 'the file has headings but no audits' });
  }
  const importId = importIdOf(input.sha256);
  const parsed = input.sheet.rows.map((row) => parseRow(row, input, problems)).filter((row): row is ParsedRow => row !== null);
  const cycles = groupCycles(parsed, input, problems);
  const audits = new Map<number, DecidedAudit>();
  for (const cycle of cycles) {
    for (const row of cycle.rows) {
      const audit = decideAudit(row, cycle, input, problems);
      if (audit) audits.set(row.row, audit);
    }
  }
  if (problems.length > 0) throw new ImportRefused(problems.sort((a, b) => a.row - b.row));

  const provenance = (row: number | null): ImportProvenance => ({ importId, row });
  const appends: PlannedAppend[] = [];
  const record: TrackerImported['data'] = {
    importId,
    fileName: input.fileName,
    format: input.format,
    sha256: input.sha256,
    importedById: input.actor.staffId,
    importedOn: input.today,
    cycles: [],
    audits: [],
    ignoredHeadings: input.sheet.ignoredHeadings,
  };
  const stream = (streamId: string, events: Array<{ type: string; data: object; on: LocalDate | Date }>, row: number | null, from = 0): PlannedAppend => ({
    streamId,
    events: events.map((event, i) => ({
      id: importUuid(input.sha256, `${streamId}:${from + i}`),
      type: event.type,
      data: { ...event.data, imported: provenance(row) },
      occurredAt: event.on instanceof Date ? event.on.toISOString() : noon(event.on),
    })),
  });

  for (const cycle of cycles) {
    const cycleStream = streams.cycle(cycle.id);
    const kloes = [...new Set(cycle.rows.flatMap((row) => row.kloes))];
    const scheduled = cycleDecider.decide(
      { type: 'ScheduleCycle', actor: input.actor, today: input.today, calendar: input.calendar, data: { cycleId: cycle.id, name: cycle.name, service: cycle.service, month: cycle.month, kloes } },
      cycleDecider.initialState(),
    );
    appends.push(stream(cycleStream, scheduled.map((e) => ({ ...e, on: `${cycle.month}-01` })), null));
    let unfinishedAudits = 0;
    for (const row of cycle.rows) {
      const audit = audits.get(row.row)!;
      appends.push(stream(streams.audit(audit.state.id), audit.events, row.row));
      record.audits.push({ row: row.row, auditId: audit.state.id, caseRef: row.caseRef });
      if (audit.state.status !== 'MODERATED' && audit.state.status !== 'INVALIDATED') unfinishedAudits++;
    }
    // A past cycle with every audit finished is closed: nothing more is allocated into it.
    const finished = unfinishedAudits === 0;
    if (finished) {
      const closed = cycleDecider.decide(
        { type: 'CloseCycle', actor: input.actor, today: input.today, calendar: input.calendar, data: { cycleId: cycle.id }, unfinishedAudits },
        fold(cycleDecider, scheduled as CycleEvent[]),
      );
      appends.push(stream(cycleStream, closed.map((e) => ({ ...e, on: input.now })), null, scheduled.length));
    }
    record.cycles.push({ cycleId: cycle.id, name: cycle.name, service: cycle.service, month: cycle.month, audits: cycle.rows.length, closed: finished });
  }
  const imported: TrackerImported = { type: 'TrackerImported', data: record };
  appends.push({
    streamId: importStream(importId),
    events: [{ id: importUuid(input.sha256, 'record'), type: imported.type, data: imported.data, occurredAt: input.now.toISOString() }],
  });
  return { importId, appends, record, eventCount: appends.reduce((n, a) => n + a.events.length, 0) };
}

// ---------------------------------------------------------------------------------------------
// Rows

/** Reads every cell of a row, noting each bad one; null when the row has any problem. */
function parseRow(sheetRow: SheetRow, input: ImportInput, problems: RowProblem[]): ParsedRow | null {
  const before = problems.length;
  const { row, cells } = sheetRow;
  const read = <T>(key: TrackerColumnKey, reader: (value: CellValue) => T): T | undefined => {
    try {
      return reader(cells[key] ?? null);
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      problems.push({ row, column: columnHeading(key), message: error.message });
      return undefined;
    }
  };
  const fail = (key: TrackerColumnKey, message: string): undefined => {
    problems.push({ row, column: columnHeading(key), message });
    return undefined;
  };

  const cycleName = read('cycle', cell.requiredText);
  const service = read('service', cell.requiredText);
  const caseRef = read('caseRef', cell.requiredText);
  let month = read('month', (v) => {
    const m = cell.month(v);
    if (m === null) throw new CellProblem('must not be empty');
    return m;
  });
  if (month !== undefined && month > input.today.slice(0, 7)) {
    month = fail('month', `${month} is after this month: only past cycles are imported`);
  }
  const team = read('team', (v) => findOne(input.directory.teams, cell.requiredText(v), 'team'));
  const person = (key: TrackerColumnKey) => read(key, (v) => findOne(input.directory.staff, cell.requiredText(v), 'staff member'));
  const practitioner = person('practitioner');
  const teamManager = person('teamManager');
  const auditor = person('auditor');
  const moderator = person('moderator');
  const initialGrade = read('initialGrade', cell.grade);
  const moderatedGrade = read('moderatedGrade', cell.grade);
  const writtenStatus = read('status', readStatus);
  const uoppHeld = read('uoppHeld', cell.yesNo);
  const reauditRequired = read('reauditRequired', cell.yesNo);
  const submittedOn = read('submittedOn', cell.date);
  const moderatedOn = read('moderatedOn', cell.date);
  const uoppHeldOn = read('uoppHeldOn', cell.date);
  const uoppChair = read('uoppChair', (v) => (cell.text(v) === null ? null : findOne(input.directory.staff, cell.text(v)!, 'staff member')));
  const urgentIssuesAddressedOn = read('urgentIssuesAddressedOn', cell.date);
  const kloes = read('kloes', cell.list) ?? [];
  const ethnicity = read('ethnicity', cell.text) ?? null;
  const childAge = read('childAge', cell.wholeNumber) ?? null;
  if (problems.length > before) return null;

  // Which stage the row records, and whether its cells agree with it.
  const status: Status = writtenStatus ?? (moderatedGrade ? 'MODERATED' : 'SUBMITTED');
  if (status !== 'INVALIDATED' && !initialGrade) fail('initialGrade', 'must not be empty: the auditor’s overall grade is what the tracker records first');
  if (status === 'MODERATED' && !moderatedGrade) fail('moderatedGrade', 'must not be empty when the status is Moderated');
  if (status === 'SUBMITTED' && moderatedGrade) fail('status', 'says Submitted, but the row has a moderated grade');
  if (!uoppHeld && (uoppHeldOn || uoppChair)) fail(uoppHeldOn ? 'uoppHeldOn' : 'uoppChair', 'is given, but UoPP held is not Yes');
  if (!moderatedGrade && moderatedOn) fail('moderatedOn', 'is given, but the row has no moderated grade');
  if (problems.length > before) return null;

  // Undated, the submission is on the day the guide expects it (the month's last working day, or the
  // moderation if earlier), never after today. The decider judges the dates of each step.
  const lastWorkingDay = earliest(input.calendar.lastWorkingDayOfMonth(month!), input.today);
  const submitted = submittedOn ?? (moderatedOn && moderatedOn < lastWorkingDay ? moderatedOn : lastWorkingDay);
  // An invalidation is decided on this day: the plan's clock may not run ahead of today.
  if (status === 'INVALIDATED' && submitted > input.today) fail('submittedOn', `${submitted} is after today`);
  if (problems.length > before) return null;

  return {
    row,
    cycleName: cycleName!,
    service: service!,
    month: month!,
    caseRef: caseRef!,
    team: team!,
    practitioner: practitioner!,
    teamManager: teamManager!,
    auditor: auditor!,
    moderator: moderator!,
    initialGrade: initialGrade ?? null,
    moderatedGrade: moderatedGrade ?? null,
    status,
    uoppHeld: uoppHeld ?? false,
    // Left blank, the tracker follows the guide: work moderated below Good is re-audited.
    reauditRequired: reauditRequired ?? (moderatedGrade ? isBelowGood(moderatedGrade) : false),
    submittedOn: submitted,
    moderatedOn: moderatedOn ?? null,
    uoppHeldOn: uoppHeldOn ?? null,
    uoppChair: uoppChair ?? null,
    urgentIssuesKept: Object.hasOwn(cells, 'urgentIssuesAddressedOn'),
    urgentIssuesAddressedOn: urgentIssuesAddressedOn ?? null,
    kloes,
    ethnicity,
    childAge,
  };
}

function readStatus(value: CellValue): Status | null {
  const written = cell.text(value);
  if (written === null) return null;
  const word = written.toUpperCase().replace(/[^A-Z]/g, '');
  if (word === 'SUBMITTED' || word === 'MODERATED' || word === 'INVALIDATED') return word;
  if (word === 'ALLOCATED' || word === 'RETURNED') {
    throw new CellProblem(`"${written}": a past cycle’s audits are imported once submitted, moderated or invalidated`);
  }
  throw new CellProblem(`"${written}" is not a status: write Submitted, Moderated or Invalidated, or leave it blank`);
}

/** A team or staff member by id, or else by name (which must then be unique). */
function findOne<T extends { id: string; name: string }>(candidates: readonly T[], written: string, what: string): T {
  const byId = candidates.find((c) => c.id === written);
  if (byId) return byId;
  const key = written.toLowerCase();
  const byName = candidates.filter((c) => c.name.replace(/\s+/g, ' ').trim().toLowerCase() === key);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw new CellProblem(`${byName.length} ${what}s are called "${written}": write the ${what}’s id instead`);
  throw new CellProblem(`no ${what} has the id or name "${written}": register them first, or correct the name`);
}

// ---------------------------------------------------------------------------------------------
// Cycles

interface PlannedCycle {
  id: string;
  name: string;
  service: string;
  month: string;
  rows: ParsedRow[];
}

/** One cycle per service and month, as the guide runs them; the rows of a cycle must agree on its name. */
function groupCycles(rows: ParsedRow[], input: ImportInput, problems: RowProblem[]): PlannedCycle[] {
  const cycles = new Map<string, PlannedCycle>();
  for (const row of rows) {
    const key = `${row.service.toLowerCase()}|${row.month}`;
    let cycle = cycles.get(key);
    if (!cycle) {
      cycle = { id: importUuid(input.sha256, `cycle:${key}`), name: row.cycleName, service: row.service, month: row.month, rows: [] };
      cycles.set(key, cycle);
      const existing = input.existingCycles.find((c) => c.service.toLowerCase() === row.service.toLowerCase() && c.month === row.month && c.id !== cycle!.id);
      if (existing) {
        problems.push({
          row: row.row,
          column: columnHeading('month'),
          message: `${row.service} already has a cycle for ${row.month} in the service ("${existing.name}"): a past cycle is imported once`,
        });
      }
    } else if (cycle.name !== row.cycleName) {
      problems.push({ row: row.row, column: columnHeading('cycle'), message: `"${row.cycleName}": the earlier rows of ${row.service} ${row.month} call this cycle "${cycle.name}"` });
      continue;
    }
    const twin = cycle.rows.find((other) => other.caseRef.toLowerCase() === row.caseRef.toLowerCase());
    if (twin) {
      problems.push({ row: row.row, column: columnHeading('caseRef'), message: `case ${row.caseRef} is already on row ${twin.row} in the same cycle` });
      continue;
    }
    cycle.rows.push(row);
  }
  return [...cycles.values()];
}

// ---------------------------------------------------------------------------------------------
// Audits

/** The decider's field names, as the tracker's columns. */
const COLUMN_OF_FIELD: Record<string, TrackerColumnKey> = {
  auditorId: 'auditor',
  moderatorId: 'moderator',
  teamManagerId: 'teamManager',
  practitionerId: 'practitioner',
  teamId: 'team',
  caseRef: 'caseRef',
  cycleId: 'cycle',
  childAge: 'childAge',
  ethnicity: 'ethnicity',
  submittedOn: 'submittedOn',
  overallGrade: 'initialGrade',
  moderatedOn: 'moderatedOn',
  moderatedGrade: 'moderatedGrade',
  reauditRequired: 'reauditRequired',
  addressedOn: 'urgentIssuesAddressedOn',
  heldOn: 'uoppHeldOn',
  chairId: 'uoppChair',
};

/** An audit as the decider left it: its state and its events, each with the day it stands for. */
interface DecidedAudit {
  state: AllocatedAudit;
  events: Array<AuditEvent & { on: LocalDate }>;
}

/** Which column a refusal names when the decider names no field: the cell that asked for the step. */
type Step = { command: AuditCommand; on: LocalDate; column: TrackerColumnKey | 'row' };

/**
 * The row's audit, decided step by step by the audit decider on the state the earlier steps left, as
 * live commands are: the allocation (independence, roles, exemptions), then what the tracker records
 * after it (rules/imported-history.ts). The first step the rules refuse is the row's problem.
 */
function decideAudit(row: ParsedRow, cycle: PlannedCycle, input: ImportInput, problems: RowProblem[]): DecidedAudit | null {
  const auditId = importUuid(input.sha256, `audit:${row.row}`);
  const source = `as recorded in the audit tracker "${input.fileName}" (row ${row.row}), imported on ${input.today}`;
  const context = { actor: input.actor, today: input.today, calendar: input.calendar };
  const cycleFact = { id: cycle.id, month: row.month, status: 'OPEN' as const };
  const audit: { state: AuditState; events: DecidedAudit['events'] } = { state: auditDecider.initialState(), events: [] };
  const decide = ({ command, on, column }: Step): boolean => {
    try {
      for (const event of auditDecider.decide(command, audit.state)) {
        audit.state = auditDecider.evolve(audit.state, event);
        audit.events.push({ ...event, on });
      }
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const key = error.field ? (COLUMN_OF_FIELD[error.field] ?? column) : column;
      const message = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
      problems.push({ row: row.row, column: key === 'row' ? 'row' : columnHeading(key), message });
      return false;
    }
  };

  const fact = (p: Person) => ({ id: p.id, teamId: p.teamId, roles: [...p.roles], exemptions: [] });
  const allocation: AllocateAudit = {
    type: 'AllocateAudit',
    ...context,
    data: {
      auditId,
      cycleId: cycle.id,
      caseRef: row.caseRef,
      teamId: row.team.id,
      practitionerId: row.practitioner.id,
      teamManagerId: row.teamManager.id,
      auditorId: row.auditor.id,
      moderatorId: row.moderator.id,
      templateId: DEFAULT_TEMPLATE_ID,
      ethnicity: row.ethnicity,
      childAge: row.childAge,
    },
    cycle: cycleFact,
    // Past work: its KLOE approval and the auditor's training happened before the service held them (BEF-N2, PPL-3).
    imported: true,
    team: { id: row.team.id, service: row.team.service },
    practitioner: fact(row.practitioner),
    teamManager: fact(row.teamManager),
    auditor: fact(row.auditor),
    moderator: fact(row.moderator),
    template: findTemplate(DEFAULT_TEMPLATE_ID),
  };
  if (!decide({ command: allocation, on: `${row.month}-01`, column: 'row' })) return null;
  /** The audit as the steps so far left it: allocated, since its allocation was decided. */
  const decided = (): DecidedAudit => {
    if (!isAllocated(audit.state)) throw new Error(`audit ${auditId} is not allocated after its allocation was decided`);
    return { state: audit.state, events: audit.events };
  };

  const initial = row.initialGrade;
  if (initial) {
    const command: ImportSubmission = { type: 'ImportSubmission', ...context, cycle: cycleFact, data: { auditId, submittedOn: row.submittedOn, overallGrade: initial, rationale: `Overall grade ${source}` } };
    if (!decide({ command, on: row.submittedOn, column: 'initialGrade' })) return null;
  }
  const moderated = row.moderatedGrade;
  if (moderated) {
    // Undated, moderation is on the day the guide expects it (its due date), never after today.
    const { state } = decided();
    const due = state.status === 'SUBMITTED' ? state.moderationDue : null;
    const on = row.moderatedOn ?? latest(row.submittedOn, earliest(due ?? input.today, input.today));
    const rationale = `${moderated === initial ? 'Agreed' : 'Changed'} at moderation ${source}`;
    const data = { auditId, moderatedOn: on, moderatedGrade: moderated, rationale, reauditRequired: row.reauditRequired, urgentIssuesKept: row.urgentIssuesKept };
    if (!decide({ command: { type: 'ImportModeration', ...context, data }, on, column: 'moderatedGrade' })) return null;
  }
  if (row.status === 'INVALIDATED') {
    // The live command, decided on the day it stands for.
    const on = row.submittedOn;
    const command: AuditCommand = { type: 'InvalidateAudit', ...context, today: on, data: { auditId, reason: `Invalidated ${source}` } };
    if (!decide({ command, on, column: 'status' })) return null;
  }
  if (row.urgentIssuesAddressedOn) {
    const on = row.urgentIssuesAddressedOn;
    const command: AuditCommand = { type: 'ImportUrgentIssuesAddressed', ...context, data: { auditId, addressedOn: on, summary: `Addressed ${source}` } };
    if (!decide({ command, on, column: 'urgentIssuesAddressedOn' })) return null;
  }
  if (row.uoppHeld) {
    const { state } = decided();
    // Undated, the meeting is on its due date, never after today; unnamed, its chair is the auditor.
    const moderated = state.status === 'MODERATED' ? state : null;
    const on = row.uoppHeldOn ?? latest(moderated?.moderation.on ?? row.submittedOn, earliest(moderated?.uoppDue ?? input.today, input.today));
    const chairId = row.uoppChair?.id ?? (currentGrade(state) === 'INADEQUATE' ? null : state.auditorId);
    const command: AuditCommand = { type: 'ImportUoPPMeeting', ...context, chair: row.uoppChair ? fact(row.uoppChair) : null, data: { auditId, heldOn: on, chairId } };
    if (!decide({ command, on, column: 'uoppHeld' })) return null;
  }
  return decided();
}

// ---------------------------------------------------------------------------------------------

const noon = (date: LocalDate) => `${date}T12:00:00.000Z`;
const earliest = (a: LocalDate, b: LocalDate) => (a < b ? a : b);
const latest = (a: LocalDate, b: LocalDate) => (a > b ? a : b);
