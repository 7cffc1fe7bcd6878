import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { DataSource, In } from 'typeorm';
import { AuditEntity } from '../../projections/audits/audit.entity.js';
import { CycleEntity } from '../../projections/cycles/cycle.entity.js';
import { StaffEntity } from '../../projections/directory/staff.entity.js';
import { GRADE_LABELS } from '../imports/cell-values.js';
import { TRACKER_COLUMN_KEYS, columnHeading, type TrackerColumnKey } from '../imports/tracker-columns.js';
import type { Grade, LocalDate } from '../shared/domain-types.js';
import { notFound } from '../shared/errors.js';
import { TrackerQueries } from '../tracker/tracker.queries.js';
import type { TrackerOrderBy } from '../tracker/tracker-order.js';
import type { TrackerFilter, TrackerRow } from '../tracker/tracker.types.js';

/**
 * The tracker of one cycle as a spreadsheet: the same rows, in the same order, as the `tracker`
 * query (TrackerQueries.rows), under the tracker's headings (tracker-columns.ts), so the file a
 * deployment exports is a file another imports. Names rather than ids, words rather than enums:
 * the sheet is for people.
 */

/** The export's columns, in order; the import reads every one of them back or knows to skip it. */
export const EXPORT_COLUMNS: readonly TrackerColumnKey[] = TRACKER_COLUMN_KEYS.filter(
  // Columns an import may carry that the tracker's rows do not hold.
  (key) => !(['uoppHeldOn', 'kloes', 'ethnicity', 'childAge'] as TrackerColumnKey[]).includes(key),
);

type Value = string | number | Date | null;

export interface TrackerSheetData {
  cycle: { id: string; name: string; service: string; month: string };
  headings: string[];
  rows: Value[][];
  /** The day the overdue flags were judged on. */
  asOf: LocalDate;
}

@Injectable()
export class TrackerExport {
  constructor(
    private readonly tracker: TrackerQueries,
    private readonly dataSource: DataSource,
  ) {}

  /** The cycle's rows, filtered and sorted as trackerPage would be (all of them, in allocation order, by default). */
  async data(cycleId: string, filter: Omit<TrackerFilter, 'cycleId'> = {}, orderBy: TrackerOrderBy | null = null): Promise<TrackerSheetData> {
    const cycle = await this.dataSource.getRepository(CycleEntity).findOneBy({ id: cycleId });
    if (!cycle) throw notFound('cycle', cycleId);
    const asOf = this.tracker.today();
    const rows = await this.tracker.rows({ ...filter, cycleId }, asOf, orderBy);
    // Beside the tracker's own columns, what another deployment needs to import the same history: the
    // days submitted and moderated and who chaired the UoPP meeting (audits read model), the team
    // manager's and chair's names (directory). One query each, whatever the number of rows.
    const audits = rows.length === 0 ? [] : await this.dataSource.getRepository(AuditEntity).find({
      select: { id: true, submittedOn: true, moderatedOn: true, uoppChairIds: true },
      where: { id: In(rows.map((r) => r.auditId)) },
    });
    const audit = new Map(audits.map((a) => [a.id, a]));
    const peopleIds = [...new Set([...rows.map((r) => r.teamManagerId), ...audits.flatMap((a) => a.uoppChairIds.slice(0, 1))])];
    const people = peopleIds.length === 0 ? [] : await this.dataSource.getRepository(StaffEntity).find({ select: { id: true, name: true }, where: { id: In(peopleIds) } });
    const names = new Map(people.map((m) => [m.id, m.name]));
    const facts = (row: TrackerRow): ExtraFacts => {
      const found = audit.get(row.auditId);
      const chairId = found?.uoppChairIds[0] ?? null;
      return {
        cycleName: cycle.name,
        teamManager: names.get(row.teamManagerId) ?? row.teamManagerId,
        submittedOn: found?.submittedOn ?? null,
        moderatedOn: found?.moderatedOn ?? null,
        uoppChair: chairId === null ? null : (names.get(chairId) ?? chairId),
      };
    };
    return {
      cycle: { id: cycle.id, name: cycle.name, service: cycle.service, month: cycle.month },
      headings: EXPORT_COLUMNS.map(columnHeading),
      rows: rows.map((row) => {
        const extra = facts(row);
        return EXPORT_COLUMNS.map((key) => cell(key, row, extra));
      }),
      asOf,
    };
  }

  async xlsx(cycleId: string, filter: Omit<TrackerFilter, 'cycleId'> = {}, orderBy: TrackerOrderBy | null = null): Promise<{ data: TrackerSheetData; bytes: Buffer }> {
    const data = await this.data(cycleId, filter, orderBy);
    const book = new ExcelJS.Workbook();
    book.creator = 'Practice Audit';
    book.title = `Tracker: ${data.cycle.name}`;
    const sheet = book.addWorksheet('Tracker', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(data.headings).font = { bold: true };
    for (const row of data.rows) sheet.addRow(row);
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: data.headings.length } };
    sheet.columns.forEach((column, i) => {
      const key = EXPORT_COLUMNS[i];
      column.width = Math.min(40, Math.max(data.headings[i].length, ...data.rows.map((r) => displayLength(r[i]))) + 2);
      if (key === 'nextDeadline' || key === 'submittedOn' || key === 'moderatedOn' || key === 'urgentIssuesAddressedOn') column.numFmt = 'yyyy-mm-dd';
    });
    const notes = book.addWorksheet('About');
    notes.addRows([
      ['Cycle', data.cycle.name],
      ['Service', data.cycle.service],
      ['Month', data.cycle.month],
      ['Overdue as of', data.asOf],
      ['Rows', data.rows.length],
    ]);
    return { data, bytes: Buffer.from(await book.xlsx.writeBuffer()) };
  }

  async csv(cycleId: string, filter: Omit<TrackerFilter, 'cycleId'> = {}, orderBy: TrackerOrderBy | null = null): Promise<{ data: TrackerSheetData; bytes: Buffer }> {
    const data = await this.data(cycleId, filter, orderBy);
    const text = stringify([data.headings, ...data.rows.map((row) => row.map(csvCell))]);
    // A byte order mark, so a spreadsheet program reads names with accents as UTF-8.
    return { data, bytes: Buffer.from(`\uFEFF${text}`, 'utf8') };
  }
}

interface ExtraFacts {
  cycleName: string;
  teamManager: string;
  submittedOn: LocalDate | null;
  moderatedOn: LocalDate | null;
  uoppChair: string | null;
}

function cell(key: TrackerColumnKey, row: TrackerRow, extra: ExtraFacts): Value {
  const grade = (g: Grade | null) => (g ? GRADE_LABELS[g] : null);
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  const day = (d: LocalDate | null) => (d ? new Date(`${d}T00:00:00.000Z`) : null);
  switch (key) {
    case 'cycle':
      return extra.cycleName;
    case 'service':
      return row.service;
    case 'month':
      return row.month;
    case 'caseRef':
      return row.caseRef;
    case 'team':
      return row.team;
    case 'practitioner':
      return row.practitioner;
    case 'teamManager':
      return extra.teamManager;
    case 'auditor':
      return row.auditor;
    case 'moderator':
      return row.moderator;
    case 'initialGrade':
      return grade(row.initialGrade);
    case 'moderatedGrade':
      return grade(row.moderatedGrade);
    case 'actions':
      return row.actions;
    case 'uoppHeld':
      return yesNo(row.uoppHeld);
    case 'reauditRequired':
      return yesNo(row.reauditRequired);
    case 'status':
      return row.status.charAt(0) + row.status.slice(1).toLowerCase();
    case 'nextDeadline':
      return day(row.nextDeadline);
    case 'overdue':
      return yesNo(row.overdue);
    case 'submittedOn':
      return day(extra.submittedOn);
    case 'moderatedOn':
      return day(extra.moderatedOn);
    case 'uoppChair':
      return row.uoppHeld ? extra.uoppChair : null;
    case 'urgentIssuesAddressedOn':
      return day(row.deadlines.urgentIssuesAddressedOn ?? null);
    default:
      return null;
  }
}

/**
 * A text cell a spreadsheet program would take for a formula (=, +, -, @ first) is written with a
 * leading apostrophe, as OWASP advises against CSV injection; the import takes the apostrophe off.
 */
function csvCell(value: Value): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function displayLength(value: Value): number {
  if (value === null) return 0;
  if (value instanceof Date) return 10;
  return String(value).length;
}
