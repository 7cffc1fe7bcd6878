import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BoardReportActionEntity, BoardReportAuditEntity, BoardReportCycleEntity } from '../../projections/board-report/board-report.entities.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import type { Grade, LocalDate } from '../shared/domain-types.js';
import { badInput, notFound } from '../shared/errors.js';
import { selectList } from '../tracker/read-columns.js';
import type { BoardReport, CycleSummary, KeyPracticePoints } from './board-report.types.js';
import { ImprovementQueries } from '../audits/improvement.queries.js';
import type { ImprovementStatus } from '../audits/improvement.types.js';
import { programmeMilestones } from '../cycles/programme.js';
import { escalationFigures, type EscalationFigures } from './escalation-figures.js';
import { actionFigures, familyFeedbackFigures, followUpFigures, uoppFigures } from './cycle-figures.js';
import { AGE_BANDS, NOT_RECORDED, SUPPRESS_BELOW, ageBand, equalityTable } from './equality.js';
import { quadraticWeightedKappa } from './kappa.js';
import { agreementByAuditor, changeMatrix, gradeCounts, moderationSummary, type GradedPair } from './moderation.js';

export const DEFAULT_PREVIOUS_CYCLES = 3;
export const MAX_PREVIOUS_CYCLES = 24;

/** Audits that count in a cycle's figures: not invalidated, and not dip audits (which grade progress on earlier work). */
const counts = (audit: BoardReportAuditEntity) => audit.status !== 'INVALIDATED' && audit.kind !== 'DIP_AUDIT';

/** AUD-10: an audit completed without moderation is no pair: nobody agreed or changed its grade. */
const moderatedPair = (audit: BoardReportAuditEntity): (GradedPair & { auditorId: string }) | null =>
  audit.status === 'MODERATED' && audit.moderated !== false && audit.initialGrade !== null && audit.moderatedGrade !== null
    ? { initial: audit.initialGrade, moderated: audit.moderatedGrade, auditorId: audit.auditorId }
    : null;

/**
 * The board report per cycle against earlier cycles of the same service, from the board-report read
 * model; the arithmetic is in the pure functions beside this file. A report costs five statements in
 * two round trips whatever the size of the cycles. The exports call `report` for the board pack.
 */
@Injectable()
export class BoardReportQueries {
  private readonly columns: { cycle?: string; audit?: string; action?: string } = {};

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly improvement: ImprovementQueries,
  ) {}

  today(): LocalDate {
    return toLocalDate(this.clock.now());
  }

  /** NOT_FOUND for an unknown cycle; BAD_USER_INPUT when previousCycles is out of range. */
  async report(cycleId: string, previousCycles: number = DEFAULT_PREVIOUS_CYCLES, today: LocalDate = this.today()): Promise<BoardReport> {
    if (!Number.isInteger(previousCycles) || previousCycles < 0 || previousCycles > MAX_PREVIOUS_CYCLES) {
      throw badInput('previousCycles', `must be a whole number from 0 to ${MAX_PREVIOUS_CYCLES}`);
    }
    // The cycle first, then earlier cycles of its service, newest first.
    const found: BoardReportCycleEntity[] = await this.dataSource.query(
      `SELECT ${this.cycleColumns} FROM (
         SELECT 0 AS k, c.* FROM board_report_cycles c WHERE c.cycle_id = $1
         UNION ALL
         SELECT * FROM (
           SELECT 1 AS k, c.* FROM board_report_cycles t JOIN board_report_cycles c ON c.service = t.service AND c.month < t.month
            WHERE t.cycle_id = $1 ORDER BY c.month DESC, c.cycle_id LIMIT $2) earlier
       ) c ORDER BY c.k, c.month DESC, c.cycle_id`,
      [cycleId, previousCycles],
    );
    const [cycle, ...previous] = found;
    if (!cycle || cycle.cycleId !== cycleId) throw notFound('cycle', cycleId);
    const ids = found.map((c) => c.cycleId);

    // These cycles' audits, and their dip audits and re-audits in whichever later cycle they were allocated.
    // (A UNION rather than OR, so each half can use its index.) Auditor names from the tracker's copy.
    const [rows, actions, statuses, practiceDay]: [Array<BoardReportAuditEntity & { auditorName: string | null }>, BoardReportActionEntity[], Map<string, ImprovementStatus[]>, Array<{ heldOn: LocalDate | null }>] =
      await Promise.all([
        this.dataSource.query(
          `SELECT ${this.auditColumns}, s.name AS "auditorName" FROM (
             SELECT * FROM board_report_audits WHERE cycle_id = ANY($1)
             UNION
             SELECT * FROM board_report_audits WHERE reaudit_of_audit_id IN (SELECT audit_id FROM board_report_audits WHERE cycle_id = ANY($1))
           ) a LEFT JOIN tracker_staff_names s ON s.id = a.auditor_id`,
          [ids],
        ),
        this.dataSource.query(`SELECT ${this.actionColumns} FROM board_report_actions a WHERE a.cycle_id = ANY($1)`, [ids]),
        // REP-7: the 4-month escalations, from the audits read model as improvementEscalations reads them.
        this.improvement.statusesByCycle(ids, today),
        // BEF-13: the Practice Day's date (never its words) from the cycles read model.
        this.dataSource.query(`SELECT practice_day->>'heldOn' AS "heldOn" FROM cycles WHERE id = $1`, [cycleId]),
      ]);
    const inCycles = new Set(ids);
    const audits = rows.filter((a) => inCycles.has(a.cycleId));
    const ofTheseCycles = new Set(audits.map((a) => a.auditId));
    const followUps = rows.filter((a) => a.reauditOfAuditId !== null && ofTheseCycles.has(a.reauditOfAuditId));
    const escalations = ids.map((id) => escalationFigures(statuses.get(id) ?? []));

    const summaries = [cycle, ...previous].map((c, i) =>
      summary(
        c,
        audits.filter((a) => a.cycleId === c.cycleId),
        followUps,
        actions.filter((a) => a.cycleId === c.cycleId),
        today,
        escalations[i],
      ),
    );
    const mine = audits.filter((a) => a.cycleId === cycle.cycleId && counts(a));
    const pairs = mine.map(moderatedPair).filter((p) => p !== null);
    const byAuditor = agreementByAuditor(pairs);
    const names = new Map(rows.map((a) => [a.auditorId, a.auditorName ?? '']));
    const moderated = mine.filter((a) => a.status === 'MODERATED' && a.moderatedGrade !== null) as Array<BoardReportAuditEntity & { moderatedGrade: Grade }>;

    return {
      cycle: summaries[0],
      previous: summaries.slice(1),
      asOf: today,
      kloes: cycle.kloes,
      keyPracticePoints: cycle.keyPracticePoints,
      auditorAgreement: byAuditor
        .map((a) => ({ ...a, auditor: names.get(a.auditorId) ?? '' }))
        .sort((a, b) => a.auditor.localeCompare(b.auditor) || a.auditorId.localeCompare(b.auditorId)),
      programme: { ...programmeMilestones(cycle.month), practiceDayHeldOn: practiceDay[0]?.heldOn ?? null },
      equality: {
        suppressedBelow: SUPPRESS_BELOW,
        byEthnicity: equalityTable(moderated.map((a) => ({ group: a.ethnicity ?? NOT_RECORDED, grade: a.moderatedGrade }))),
        byAgeBand: equalityTable(
          moderated.map((a) => ({ group: ageBand(a.childAge), grade: a.moderatedGrade })),
          AGE_BANDS,
        ),
      },
    };
  }

  /** A cycle's key practice points; NOT_FOUND for an unknown cycle. */
  async keyPracticePoints(cycleId: string): Promise<KeyPracticePoints> {
    const cycle = await this.dataSource.getRepository(BoardReportCycleEntity).findOneBy({ cycleId });
    if (!cycle) throw notFound('cycle', cycleId);
    return {
      cycleId,
      points: cycle.keyPracticePoints,
      publishedOn: cycle.keyPracticePointsPublishedOn,
      publishedById: cycle.keyPracticePointsPublishedById,
    };
  }

  private get cycleColumns(): string {
    return (this.columns.cycle ??= selectList(this.dataSource, BoardReportCycleEntity, 'c'));
  }

  private get auditColumns(): string {
    return (this.columns.audit ??= selectList(this.dataSource, BoardReportAuditEntity, 'a'));
  }

  private get actionColumns(): string {
    return (this.columns.action ??= selectList(this.dataSource, BoardReportActionEntity, 'a'));
  }
}

function summary(
  cycle: BoardReportCycleEntity,
  cycleAudits: BoardReportAuditEntity[],
  followUps: BoardReportAuditEntity[],
  actions: BoardReportActionEntity[],
  today: LocalDate,
  escalations: EscalationFigures,
): CycleSummary {
  const audits = cycleAudits.filter(counts);
  const pairs = audits.map(moderatedPair).filter((p) => p !== null);
  const moderated = audits.filter((a) => a.status === 'MODERATED');
  const ids = new Set(audits.map((a) => a.auditId));
  return {
    cycleId: cycle.cycleId,
    name: cycle.name,
    month: cycle.month,
    service: cycle.service,
    audits: audits.length,
    grades: gradeCounts(audits),
    moderation: moderationSummary(pairs),
    moderationChanges: changeMatrix(pairs),
    weightedKappa: quadraticWeightedKappa(pairs.map((p) => [p.initial, p.moderated] as const)),
    uopp: uoppFigures(moderated, today),
    followUps: followUpFigures(
      moderated,
      followUps
        .filter((f) => f.reauditOfAuditId !== null && ids.has(f.reauditOfAuditId) && f.kind !== 'AUDIT')
        .map((f) => ({
          reauditOfAuditId: f.reauditOfAuditId!,
          kind: f.kind as 'DIP_AUDIT' | 'REAUDIT',
          status: f.status,
          currentGrade: f.currentGrade,
          order: f.allocatedPosition,
        })),
      today,
    ),
    actions: actionFigures(actions, today),
    familyFeedback: familyFeedbackFigures(audits),
    escalations,
  };
}
