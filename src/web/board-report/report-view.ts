import { GRADE_LABELS } from '../kernel/filters.js';
import type { BoardReport, CycleSummary, EqualityGroup } from './board-report.queries.js';

/**
 * The board report's tables as rows of words and figures, the same figures the board pack
 * (src/exports/board-pack.ts) sets out: the page's template only lays them out.
 */

const GRADES = ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface FigureTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export const monthLabel = (month: string) => {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : month;
};
export const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
export const decimal = (value: number | null, places = 2) => (value === null ? '–' : value.toFixed(places));
/** A withheld figure (small numbers) is shown as *, as in the board pack. */
export const withheld = (value: number | null) => (value === null ? '*' : String(value));

const perCycle = (cycles: CycleSummary[], caption: string, head: string[], cells: (c: CycleSummary) => Array<number | string>): FigureTable => ({
  caption,
  head: ['Cycle', ...head],
  rows: cycles.map((c) => [monthLabel(c.month), ...cells(c).map(String)]),
});

function equality(caption: string, heading: string, groups: EqualityGroup[]): FigureTable {
  return {
    caption,
    head: [heading, 'Audits', ...GRADES.map((g) => GRADE_LABELS[g])],
    rows: groups.map((g) => [g.group, withheld(g.audits), ...GRADES.map((grade) => withheld(g.grades.find((x) => x.grade === grade)?.count ?? 0))]),
  };
}

export function reportView(report: BoardReport) {
  const cycles = [report.cycle, ...report.previous];
  const moderated = (c: CycleSummary, g: string) => c.grades.find((x) => x.grade === g)?.moderated ?? 0;
  const initial = (c: CycleSummary, g: string) => c.grades.find((x) => x.grade === g)?.initial ?? 0;
  const count = (initialGrade: string, moderatedGrade: string) =>
    report.cycle.moderationChanges.find((c) => c.initial === initialGrade && c.moderated === moderatedGrade)?.count ?? 0;
  return {
    cycleLabels: cycles.map((c) => ({ name: c.name, month: monthLabel(c.month) })),
    /** The chart's own figures: moderated grades by cycle. */
    gradesBeside: {
      caption: 'Moderated grades by cycle',
      head: ['Grade', ...cycles.map((c) => monthLabel(c.month))],
      rows: GRADES.map((g) => [GRADE_LABELS[g], ...cycles.map((c) => String(moderated(c, g)))]),
    } satisfies FigureTable,
    gradesInitialModerated: {
      caption: 'Initial and moderated grades by cycle',
      head: ['Grade', ...cycles.flatMap((c) => [`${monthLabel(c.month)} initial`, `${monthLabel(c.month)} moderated`])],
      rows: [
        ...GRADES.map((g) => [GRADE_LABELS[g], ...cycles.flatMap((c) => [String(initial(c, g)), String(moderated(c, g))])]),
        ['Audits', ...cycles.flatMap((c) => [String(c.audits), ''])],
      ],
    } satisfies FigureTable,
    matrixBeside: {
      caption: `${monthLabel(report.cycle.month)}: initial grade (rows) against moderated grade (columns)`,
      head: ['Initial grade', ...GRADES.map((g) => GRADE_LABELS[g])],
      rows: GRADES.map((i) => [GRADE_LABELS[i], ...GRADES.map((m) => String(count(i, m)))]),
    } satisfies FigureTable,
    moderation: perCycle(cycles, 'Changes in moderation of grades', ['Moderated', 'Unchanged', 'Upgraded', 'Downgraded', 'Agreement', 'Weighted kappa'], (c) => [
      c.moderation.moderated, c.moderation.unchanged, c.moderation.upgraded, c.moderation.downgraded, percent(c.moderation.agreementRate), decimal(c.weightedKappa),
    ]),
    auditors: {
      caption: `Agreement with moderation by auditor, ${monthLabel(report.cycle.month)}`,
      head: ['Auditor', 'Moderated', 'Unchanged', 'Upgraded', 'Downgraded', 'Agreement'],
      rows: report.auditorAgreement.map((a) => [a.auditor || a.auditorId, String(a.moderated), String(a.unchanged), String(a.upgraded), String(a.downgraded), percent(a.agreementRate)]),
    } satisfies FigureTable,
    uopp: perCycle(cycles, 'UoPP meetings', ['Due', 'Held', 'Held on time', 'Overdue', 'Follow-ups due', 'Follow-ups held', 'Follow-ups on time', 'Follow-ups overdue'], (c) =>
      ['due', 'held', 'heldOnTime', 'overdue', 'followUpsDue', 'followUpsHeld', 'followUpsHeldOnTime', 'followUpsOverdue'].map((k) => c.uopp[k] ?? 0),
    ),
    urgentIssues: perCycle(cycles, 'Urgent issues on Inadequate work', ['Due', 'Addressed', 'Addressed on time', 'Overdue'], (c) =>
      ['urgentIssuesDue', 'urgentIssuesAddressed', 'urgentIssuesAddressedOnTime', 'urgentIssuesOverdue'].map((k) => c.uopp[k] ?? 0),
    ),
    followUps: perCycle(cycles, 'Dip audits and re-audits', ['Below Good', 'Re-audit target', 'Dip audits due', 'Dip audits done', 'Reached Good at dip audit', 'Dip audits overdue', 'Re-audited', 'Reached Good at re-audit'], (c) =>
      ['belowGood', 'reauditTarget', 'dipAuditsDue', 'dipAuditsDone', 'dipAuditsReachedGood', 'dipAuditsOverdue', 'reaudited', 'reauditsReachedGood'].map((k) => c.followUps[k] ?? 0),
    ),
    escalations: cycles.some((c) => c.escalations.belowGood > 0)
      ? perCycle(cycles, 'Work not improved by 4 months', ['Below Good', 'Not yet due', 'Improved', 'Due for escalation', 'Escalated to the Divisional Director'], (c) => [
          c.escalations.belowGood, c.escalations.notYetDue, c.escalations.improved, c.escalations.due, c.escalations.escalated,
        ])
      : null,
    actions: perCycle(cycles, 'Actions', ['Agreed', 'Completed', 'Completed on time', 'Open', 'Overdue', 'Dropped'], (c) =>
      ['agreed', 'completed', 'completedOnTime', 'open', 'overdue', 'dropped'].map((k) => c.actions[k] ?? 0),
    ),
    feedback: perCycle(cycles, 'Feedback from families', ['Recorded', 'Rated', 'Not completed', 'Average rating (1 to 5)', 'Could have their say (yes, no, n/a)', 'Could access support (yes, no, n/a)'], (c) => {
      const f = c.familyFeedback;
      return [f.recorded, f.rated, f.notCompleted, decimal(f.averageRating, 1), `${f.couldHaveTheirSay.yes}, ${f.couldHaveTheirSay.no}, ${f.couldHaveTheirSay.notApplicable}`, `${f.ableToAccessSupport.yes}, ${f.ableToAccessSupport.no}, ${f.ableToAccessSupport.notApplicable}`];
    }),
    ratings: {
      caption: `Families’ ratings, ${monthLabel(report.cycle.month)}`,
      head: ['Rating', '1 (not good)', '2', '3', '4', '5 (excellent)'],
      rows: [['Families', ...[1, 2, 3, 4, 5].map((r) => String(report.cycle.familyFeedback.ratings.find((x) => x.rating === r)?.count ?? 0))]],
    } satisfies FigureTable,
    byEthnicity: equality('Moderated grades by the child’s ethnicity', 'Ethnicity', report.equality.byEthnicity),
    byAgeBand: equality('Moderated grades by the child’s age band', 'Age band', report.equality.byAgeBand),
    programme: {
      audit: monthLabel(report.programme.auditMonth),
      learning: `${monthLabel(report.programme.learningFrom)} to ${monthLabel(report.programme.learningTo)}`,
      practiceDay: report.programme.practiceDayHeldOn ? `Held on ${report.programme.practiceDayHeldOn}` : monthLabel(report.programme.practiceDayMonth),
      reaudit: monthLabel(report.programme.reauditMonth),
    },
  };
}
