import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { auditDecider, type AllocateAudit } from '../audits/decider.js';
import * as deadlines from '../audits/deadlines.js';
import type { AuditEvent } from '../audits/events.js';
import { DEFAULT_TEMPLATE_ID, findTemplate } from '../audits/templates/index.js';
import { cycleDecider } from '../cycles/decider.js';
import type { CycleEvent } from '../cycles/events.js';
import { fold, type Actor } from '../shared/decider.js';
import { isBelowGood, OVERALL, streams, type Grade, type LocalDate, type Role } from '../shared/domain-types.js';
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
 * takes live work, each carrying `data.imported`):
 * - its cycle (one per service and month): CycleScheduled, decided by the cycle decider; and
 *   CycleClosed, through the same decider, once every row of the cycle is moderated or invalidated;
 * - AuditAllocated, decided by the audit decider with the same independence rules as a live
 *   allocation (judged on the directory as it stands now);
 * - the grades the tracker holds: GradeSet and AuditSubmitted for the initial grade, ModerationChanged
 *   and ModerationCompleted for the moderated grade, ReauditDue when a re-audit is required,
 *   UoPPHeld when the meeting took place, AuditInvalidated for a row whose status says so.
 *
 * The submission and moderation are not put through the decider: it would ask for every section's
 * grade, and a tracker holds only the overall ones. The rules those steps enforce for the tracker's
 * facts (moderation after submission, a UoPP meeting only after moderation and chaired as 000 says,
 * re-audits only for work below Good) are checked here instead. A tracker has no dates for these
 * steps unless it has the optional date columns; then the dates are those the 000 guide expects
 * (moderation by the moderation due date, the UoPP meeting by its due date) and never after today.
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
  const allocations = new Map<number, AuditEvent>();
  for (const cycle of cycles) {
    for (const row of cycle.rows) {
      const allocated = allocate(row, cycle.id, input, problems);
      if (allocated) allocations.set(row.row, allocated);
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
    for (const row of cycle.rows) {
      const auditId = importUuid(input.sha256, `audit:${row.row}`);
      appends.push(stream(streams.audit(auditId), auditEvents(row, allocations.get(row.row)!, input), row.row));
      record.audits.push({ row: row.row, auditId, caseRef: row.caseRef });
    }
    // A past cycle with every audit finished is closed: nothing more is allocated into it.
    const finished = cycle.rows.every((row) => row.status !== 'SUBMITTED');
    if (finished) {
      const closed = cycleDecider.decide(
        { type: 'CloseCycle', actor: input.actor, today: input.today, calendar: input.calendar, data: { cycleId: cycle.id }, unfinishedAudits: 0 },
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
  if (status === 'INVALIDATED' && moderatedGrade) {
    fail('status', 'a moderated audit cannot be invalidated (its grade has fed the board report; a dispute challenges it instead)');
  }
  if (uoppHeld && !moderatedGrade) fail('uoppHeld', 'a UoPP meeting follows moderation: the row has no moderated grade');
  const belowGood = moderatedGrade ? isBelowGood(moderatedGrade) : false;
  if (reauditRequired && !belowGood) {
    fail('reauditRequired', 'only work moderated Requires improvement or Inadequate is re-audited (000: dip audit 6 weeks after moderation)');
  }
  if (!uoppHeld && (uoppHeldOn || uoppChair)) fail(uoppHeldOn ? 'uoppHeldOn' : 'uoppChair', 'is given, but UoPP held is not Yes');
  if (!moderatedGrade && moderatedOn) fail('moderatedOn', 'is given, but the row has no moderated grade');
  if (urgentIssuesAddressedOn && moderatedGrade !== 'INADEQUATE') {
    fail('urgentIssuesAddressedOn', 'is given, but only work moderated Inadequate has urgent issues for the team manager to address');
  }
  if (problems.length > before) return null;

  // Dates: as written, or as the guide expects them; never after today.
  const calendar = input.calendar;
  const lastWorkingDay = earliest(calendar.lastWorkingDayOfMonth(month!), input.today);
  const submitted = submittedOn ?? (moderatedOn && moderatedOn < lastWorkingDay ? moderatedOn : lastWorkingDay);
  const checkDate = (key: TrackerColumnKey, value: LocalDate | null | undefined, notBefore: LocalDate | null, what: string) => {
    if (!value) return;
    if (value > input.today) fail(key, `${value} is after today`);
    else if (notBefore !== null && value < notBefore) fail(key, `${value} is before ${what} (${notBefore})`);
  };
  checkDate('submittedOn', submittedOn, null, '');
  let moderated: LocalDate | null = null;
  if (moderatedGrade) {
    moderated = moderatedOn ?? latest(submitted, earliest(deadlines.moderationDue(calendar, month!, submitted, initialGrade!), input.today));
    checkDate('moderatedOn', moderatedOn, submitted, 'the submission');
  }
  if (moderated) checkDate('urgentIssuesAddressedOn', urgentIssuesAddressedOn, moderated, 'moderation');
  let heldOn: LocalDate | null = null;
  let chair: Person | null = null;
  if (uoppHeld && moderatedGrade && moderated) {
    heldOn = uoppHeldOn ?? latest(moderated, earliest(deadlines.uoppDue(calendar, moderated, moderatedGrade), input.today));
    checkDate('uoppHeldOn', uoppHeldOn, moderated, 'moderation');
    // 000: the audit manager leads the meeting for Inadequate work; the auditor chairs it for RI and above.
    if (moderatedGrade === 'INADEQUATE') {
      if (!uoppChair) fail('uoppChair', 'must name the audit manager who chaired the UoPP meeting: for Inadequate work the audit manager leads it');
      else if (!uoppChair.roles.includes('AUDIT_MANAGER')) fail('uoppChair', 'for Inadequate work the audit manager chairs the UoPP meeting');
      chair = uoppChair ?? null;
    } else {
      if (uoppChair && uoppChair.id !== auditor!.id) fail('uoppChair', 'for work graded Requires improvement and above the auditor chairs the UoPP meeting');
      chair = auditor!;
    }
  }
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
    reauditRequired: reauditRequired ?? belowGood,
    submittedOn: submitted,
    moderatedOn: moderated,
    uoppHeldOn: heldOn,
    uoppChair: chair,
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
};

/** The allocation, decided by the audit decider exactly as a live one: independence, roles, exemptions. */
function allocate(row: ParsedRow, cycleId: string, input: ImportInput, problems: RowProblem[]): AuditEvent | null {
  const fact = (p: Person) => ({ id: p.id, teamId: p.teamId, roles: [...p.roles], exemptions: [] });
  const command: AllocateAudit = {
    type: 'AllocateAudit',
    actor: input.actor,
    today: input.today,
    calendar: input.calendar,
    data: {
      auditId: importUuid(input.sha256, `audit:${row.row}`),
      cycleId,
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
    cycle: { id: cycleId, month: row.month, status: 'OPEN' },
    // Past work: its KLOE approval and the auditor's training happened before the service held them (BEF-4, PPL-3).
    imported: true,
    team: { id: row.team.id, service: row.team.service },
    practitioner: fact(row.practitioner),
    teamManager: fact(row.teamManager),
    auditor: fact(row.auditor),
    moderator: fact(row.moderator),
    template: findTemplate(DEFAULT_TEMPLATE_ID),
  };
  try {
    return auditDecider.decide(command, auditDecider.initialState())[0];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const key = error.field ? COLUMN_OF_FIELD[error.field] : undefined;
    const message = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
    problems.push({ row: row.row, column: key ? columnHeading(key) : 'row', message });
    return null;
  }
}

/** The audit's events in order, each with the day it stands for. */
function auditEvents(row: ParsedRow, allocated: AuditEvent, input: ImportInput): Array<AuditEvent & { on: LocalDate }> {
  const auditId = (allocated.data as { auditId: string }).auditId;
  const source = `as recorded in the audit tracker "${input.fileName}" (row ${row.row}), imported on ${input.today}`;
  const calendar = input.calendar;
  const events: Array<AuditEvent & { on: LocalDate }> = [{ ...allocated, on: `${row.month}-01` }];
  const initial = row.initialGrade;
  if (initial) {
    events.push(
      { type: 'GradeSet', on: row.submittedOn, data: { auditId, section: OVERALL, from: null, to: initial, rationale: `Overall grade ${source}`, auditorId: row.auditor.id } },
      {
        type: 'AuditSubmitted',
        on: row.submittedOn,
        data: {
          auditId,
          submittedOn: row.submittedOn,
          overallGrade: initial,
          moderationDue: deadlines.moderationDue(calendar, row.month, row.submittedOn, initial),
          // A tracker holds no section grades to suggest an overall grade from.
          suggestedGrade: null,
          inconsistencies: [],
        },
      },
    );
  }
  if (row.status === 'INVALIDATED') {
    events.push({
      type: 'AuditInvalidated',
      on: row.submittedOn,
      data: { auditId, invalidatedById: input.actor.staffId, invalidatedOn: row.submittedOn, reason: `Invalidated ${source}` },
    });
    return events;
  }
  const moderated = row.moderatedGrade;
  const moderatedOn = row.moderatedOn;
  if (!moderated || !moderatedOn || !initial) return events;
  const urgentIssuesDue = deadlines.urgentIssuesDue(calendar, moderatedOn, moderated);
  events.push(
    {
      type: 'ModerationChanged',
      on: moderatedOn,
      data: {
        auditId,
        section: OVERALL,
        from: initial,
        to: moderated,
        rationale: `${moderated === initial ? 'Agreed' : 'Changed'} at moderation ${source}`,
        moderatorId: row.moderator.id,
      },
    },
    {
      type: 'ModerationCompleted',
      on: moderatedOn,
      data: {
        auditId,
        completedOn: moderatedOn,
        moderatedGrade: moderated,
        initialGrade: initial,
        uoppDue: deadlines.uoppDue(calendar, moderatedOn, moderated),
        // A tracker that never kept the team manager's urgent issues gives no such deadline: it would
        // stand open, and overdue, for ever.
        urgentIssuesDue: row.urgentIssuesKept ? urgentIssuesDue : null,
        reauditRequired: row.reauditRequired,
      },
    },
  );
  if (row.reauditRequired) {
    events.push({
      type: 'ReauditDue',
      on: moderatedOn,
      data: {
        auditId,
        dueOn: deadlines.dipAuditDue(calendar, moderatedOn),
        moderatedGrade: moderated,
        kind: 'DIP_AUDIT',
        escalateIfNotImprovedBy: deadlines.improvementEscalationDue(calendar, moderatedOn),
      },
    });
  }
  if (row.urgentIssuesKept && urgentIssuesDue && row.urgentIssuesAddressedOn) {
    events.push({
      type: 'UrgentIssuesAddressed',
      on: row.urgentIssuesAddressedOn,
      data: { auditId, addressedById: row.teamManager.id, addressedOn: row.urgentIssuesAddressedOn, dueOn: urgentIssuesDue, summary: `Addressed ${source}` },
    });
  }
  if (row.uoppHeld && row.uoppHeldOn && row.uoppChair) {
    events.push({
      type: 'UoPPHeld',
      on: row.uoppHeldOn,
      data: {
        auditId,
        heldOn: row.uoppHeldOn,
        chairId: row.uoppChair.id,
        // The tracker records that the meeting took place, not who attended it.
        attendeeIds: [],
        from: moderated,
        revisedGrade: null,
        rationale: null,
        meeting: 'INITIAL',
        linkedPlan: null,
        followUpDue: deadlines.followUpUoppDue(calendar, row.uoppHeldOn, moderated),
      },
    });
  }
  return events;
}

// ---------------------------------------------------------------------------------------------

const noon = (date: LocalDate) => `${date}T12:00:00.000Z`;
const earliest = (a: LocalDate, b: LocalDate) => (a < b ? a : b);
const latest = (a: LocalDate, b: LocalDate) => (a > b ? a : b);
