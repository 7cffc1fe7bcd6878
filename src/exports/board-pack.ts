import { Injectable } from '@nestjs/common';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { GRADE_LABELS } from '../imports/cell-values.js';
import { BoardReportQueries } from '../reports/board-report.queries.js';
import type { BoardReport, CycleSummary, EqualityGroup } from '../reports/board-report.types.js';
import { GRADES } from '../shared/domain-types.js';

/**
 * The board report as a Word document a report writer finishes (000 "Reporting to Boards"): the
 * figures of BoardReportQueries.report as headings and tables, and for what only people can write
 * (strengths, areas for development, systemic issues, …) a heading with a placeholder to replace.
 * Aggregates only, as the query: no case reference, child or practitioner appears in it.
 */

/** The parts of the report the 000 guide asks for that are written, not counted. */
export const NARRATIVE_SECTIONS: ReadonlyArray<{ heading: string; prompt: string }> = [
  { heading: 'Strengths', prompt: 'the strengths found across the key thematic areas of practice' },
  { heading: 'Areas for development', prompt: 'the areas for development found across the key thematic areas of practice' },
  { heading: 'Systemic issues', prompt: 'any systemic issues that have arisen' },
  { heading: 'Feedback from practitioners', prompt: 'what practitioners said of the audits and of the support they give' },
  { heading: 'Areas needing more exploration or challenge', prompt: 'any areas that need more exploration, or challenges to the service' },
  { heading: 'Plan for improvement', prompt: 'the plan for improvement with the service and the audit team' },
];

const PLACEHOLDER_PREFIX = '[To be written:';

@Injectable()
export class BoardPack {
  constructor(private readonly reports: BoardReportQueries) {}

  async docx(cycleId: string, previousCycles?: number): Promise<{ report: BoardReport; bytes: Buffer }> {
    const report = await this.reports.report(cycleId, previousCycles);
    return { report, bytes: await Packer.toBuffer(boardPackDocument(report)) };
  }
}

export function boardPackDocument(report: BoardReport): Document {
  const { cycle } = report;
  const cycles = [cycle, ...report.previous];
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`Understanding our Practice: ${cycle.service}`)] }),
    new Paragraph({ children: [new TextRun({ text: `Audit findings report, ${cycle.name} (${monthLabel(cycle.month)})`, bold: true, size: 28 })] }),
    text(`Figures as of ${report.asOf}, compared with the ${report.previous.length} cycle${report.previous.length === 1 ? '' : 's'} of the service before it. Aggregates only: no child-level or case-identifying data.`),

    heading('The six-month programme'),
    table(
      ['Audit (month 1)', 'Learning campaign (months 3–6)', 'Practice Day (month 4)', 'Re-audit (month 6)'],
      [[
        monthLabel(report.programme.auditMonth),
        `${monthLabel(report.programme.learningFrom)} to ${monthLabel(report.programme.learningTo)}`,
        report.programme.practiceDayHeldOn ? `Held on ${report.programme.practiceDayHeldOn}` : monthLabel(report.programme.practiceDayMonth),
        monthLabel(report.programme.reauditMonth),
      ]],
    ),

    heading('Key lines of enquiry'),
    ...(report.kloes.length > 0 ? report.kloes.map((kloe) => bullet(kloe)) : [text('No key lines of enquiry were recorded for this cycle.')]),

    heading('Grades compared to previous audit cycles'),
    text('Overall grades of the audits that count (not invalidated, not dip audits): the auditor’s initial grade and the grade after moderation.'),
    table(
      ['Grade', ...cycles.flatMap((c) => [`${monthLabel(c.month)} initial`, `${monthLabel(c.month)} moderated`])],
      [
        ...GRADES.map((grade) => [GRADE_LABELS[grade], ...cycles.flatMap((c) => gradeCells(c, grade))]),
        ['Audits', ...cycles.flatMap((c) => [String(c.audits), ''])],
      ],
    ),

    heading('Changes in moderation of grades'),
    table(
      ['Cycle', 'Moderated', 'Unchanged', 'Upgraded', 'Downgraded', 'Agreement', 'Weighted kappa'],
      cycles.map((c) => [
        monthLabel(c.month),
        String(c.moderation.moderated),
        String(c.moderation.unchanged),
        String(c.moderation.upgraded),
        String(c.moderation.downgraded),
        percent(c.moderation.agreementRate),
        decimal(c.weightedKappa),
      ]),
    ),
    subheading('Initial grade (rows) against moderated grade (columns)'),
    table(
      ['Initial \\ moderated', ...GRADES.map((g) => GRADE_LABELS[g])],
      GRADES.map((initial) => [
        GRADE_LABELS[initial],
        ...GRADES.map((moderated) => String(cycle.moderationChanges.find((c) => c.initial === initial && c.moderated === moderated)?.count ?? 0)),
      ]),
    ),
    subheading('Agreement with moderation by auditor'),
    report.auditorAgreement.length > 0
      ? table(
          ['Auditor', 'Moderated', 'Unchanged', 'Upgraded', 'Downgraded', 'Agreement'],
          report.auditorAgreement.map((a) => [a.auditor || a.auditorId, String(a.moderated), String(a.unchanged), String(a.upgraded), String(a.downgraded), percent(a.agreementRate)]),
        )
      : text('No audit of this cycle has been moderated yet.'),

    heading('Understanding our Practice Progression (UoPP) meetings'),
    table(
      ['Cycle', 'Due', 'Held', 'Held on time', 'Overdue', 'Follow-ups due', 'Follow-ups held', 'Follow-ups on time', 'Follow-ups overdue'],
      cycles.map((c) => [
        monthLabel(c.month),
        ...[c.uopp.due, c.uopp.held, c.uopp.heldOnTime, c.uopp.overdue, c.uopp.followUpsDue, c.uopp.followUpsHeld, c.uopp.followUpsHeldOnTime, c.uopp.followUpsOverdue].map(String),
      ]),
    ),

    text('Work moderated Inadequate: the urgent issues the team manager addresses within 2 working days of the moderated outcome.'),
    table(
      ['Cycle', 'Urgent issues due', 'Addressed', 'Addressed on time', 'Overdue'],
      cycles.map((c) => [monthLabel(c.month), ...[c.uopp.urgentIssuesDue, c.uopp.urgentIssuesAddressed, c.uopp.urgentIssuesAddressedOnTime, c.uopp.urgentIssuesOverdue].map(String)]),
    ),

    heading('Impact of audits: dip audits and re-audits'),
    text('What became of the work each cycle moderated below Good: the dip audit 6 weeks later, and the re-audit of at least 10% of it in a later cycle.'),
    table(
      ['Cycle', 'Below Good', 'Re-audit target', 'Dip audits due', 'Dip audits done', 'Reached Good at dip audit', 'Dip audits overdue', 'Re-audited', 'Reached Good at re-audit'],
      cycles.map((c) => [
        monthLabel(c.month),
        ...[c.followUps.belowGood, c.followUps.reauditTarget, c.followUps.dipAuditsDue, c.followUps.dipAuditsDone, c.followUps.dipAuditsReachedGood, c.followUps.dipAuditsOverdue, c.followUps.reaudited, c.followUps.reauditsReachedGood].map(String),
      ]),
    ),

    heading('Work not improved by 4 months'),
    text('Work each cycle moderated below Good, 4 months on: escalated by the audit team to the Divisional Director where it had not improved (REP-7). Counts only.'),
    table(
      ['Cycle', 'Below Good', 'Not yet due', 'Improved', 'Due for escalation', 'Escalated to the Divisional Director'],
      cycles.map((c) => [monthLabel(c.month), ...[c.escalations.belowGood, c.escalations.notYetDue, c.escalations.improved, c.escalations.due, c.escalations.escalated].map(String)]),
    ),

    heading('Actions'),
    table(
      ['Cycle', 'Agreed', 'Completed', 'Completed on time', 'Open', 'Overdue', 'Dropped'],
      cycles.map((c) => [monthLabel(c.month), ...[c.actions.agreed, c.actions.completed, c.actions.completedOnTime, c.actions.open, c.actions.overdue, c.actions.dropped].map(String)]),
    ),

    heading('Feedback from families'),
    table(
      ['Cycle', 'Recorded', 'Rated', 'Not completed', 'Average rating (1–5)', 'Could have their say (yes / no / n/a)', 'Could access support (yes / no / n/a)'],
      cycles.map((c) => {
        const f = c.familyFeedback;
        return [
          monthLabel(c.month),
          String(f.recorded),
          String(f.rated),
          String(f.notCompleted),
          decimal(f.averageRating, 1),
          `${f.couldHaveTheirSay.yes} / ${f.couldHaveTheirSay.no} / ${f.couldHaveTheirSay.notApplicable}`,
          `${f.ableToAccessSupport.yes} / ${f.ableToAccessSupport.no} / ${f.ableToAccessSupport.notApplicable}`,
        ];
      }),
    ),
    subheading(`Ratings in ${monthLabel(cycle.month)}`),
    table(
      ['Rating', ...[1, 2, 3, 4, 5].map(String)],
      [['Families', ...[1, 2, 3, 4, 5].map((r) => String(cycle.familyFeedback.ratings.find((x) => x.rating === r)?.count ?? 0))]],
    ),

    heading('Equality monitoring'),
    text(
      `Moderated grades by the child’s ethnicity and age band. “*” marks a figure withheld: a count from 1 to ${report.equality.suppressedBelow - 1}, or one that could be worked out from a total.`,
    ),
    subheading('By ethnicity'),
    equalityTable('Ethnicity', report.equality.byEthnicity),
    subheading('By age band'),
    equalityTable('Age band', report.equality.byAgeBand),

    ...NARRATIVE_SECTIONS.flatMap((section) => [heading(section.heading), placeholder(section.prompt)]),

    heading('10 key practice points for practitioners'),
    ...(report.keyPracticePoints.length > 0
      ? report.keyPracticePoints.map((point) => new Paragraph({ numbering: { reference: 'points', level: 0 }, children: [new TextRun(point)] }))
      : [placeholder('the "10 key practice points" for front-line practitioners (not yet published for this cycle)')]),
  ];

  return new Document({
    creator: 'Practice Audit',
    title: `Audit findings report: ${cycle.name}`,
    description: `Board report for ${cycle.service}, ${cycle.month}`,
    numbering: {
      config: [{ reference: 'points', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    sections: [{ children }],
  });
}

// ---------------------------------------------------------------------------------------------

function heading(words: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(words)] });
}

function subheading(words: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(words)] });
}

function text(words: string): Paragraph {
  return new Paragraph({ children: [new TextRun(words)] });
}

function bullet(words: string): Paragraph {
  return new Paragraph({ bullet: { level: 0 }, children: [new TextRun(words)] });
}

/** Highlighted, so the report writer finds every one to replace. */
function placeholder(prompt: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${PLACEHOLDER_PREFIX} ${prompt}.]`, italics: true, highlight: 'yellow' })] });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' };

function table(headings: string[], rows: string[][]): Table {
  const cell = (value: string, header: boolean, first: boolean) =>
    new TableCell({
      children: [new Paragraph({ alignment: first ? AlignmentType.LEFT : AlignmentType.RIGHT, children: [new TextRun({ text: value, bold: header })] })],
      shading: header ? { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' } : undefined,
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [
      new TableRow({ tableHeader: true, children: headings.map((h, i) => cell(h, true, i === 0)) }),
      ...rows.map((row) => new TableRow({ children: row.map((value, i) => cell(value, false, i === 0)) })),
    ],
  });
}

function equalityTable(groupHeading: string, groups: EqualityGroup[]): Table | Paragraph {
  if (groups.length === 0) return text('No audit of this cycle has been moderated yet.');
  return table(
    [groupHeading, 'Audits', ...GRADES.map((g) => GRADE_LABELS[g])],
    groups.map((g) => [g.group, count(g.audits), ...GRADES.map((grade) => count(g.grades.find((x) => x.grade === grade)?.count ?? 0))]),
  );
}

function gradeCells(cycle: CycleSummary, grade: (typeof GRADES)[number]): string[] {
  const found = cycle.grades.find((g) => g.grade === grade);
  return [String(found?.initial ?? 0), String(found?.moderated ?? 0)];
}

const count = (value: number | null) => (value === null ? '*' : String(value));
const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const decimal = (value: number | null, places = 2) => (value === null ? '–' : value.toFixed(places));

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${year}`;
}
