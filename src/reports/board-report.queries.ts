import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { BoardReportActionEntity, BoardReportAuditEntity, BoardReportCycleEntity } from '../../projections/board-report/board-report.entities.js';
import { StaffEntity } from '../../projections/directory/staff.entity.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import { Clock } from '../shared/clock.js';
import type { Grade, LocalDate } from '../shared/domain-types.js';
import { badInput, notFound } from '../shared/errors.js';
import type { BoardReport, CycleSummary, KeyPracticePoints } from './board-report.types.js';
import { actionFigures, familyFeedbackFigures, followUpFigures, uoppFigures } from './cycle-figures.js';
import { AGE_BANDS, NOT_RECORDED, SUPPRESS_BELOW, ageBand, equalityTable } from './equality.js';
import { quadraticWeightedKappa } from './kappa.js';
import { agreementByAuditor, changeMatrix, gradeCounts, moderationSummary, type GradedPair } from './moderation.js';

export const DEFAULT_PREVIOUS_CYCLES = 3;
export const MAX_PREVIOUS_CYCLES = 24;

/** Audits that count in a cycle's figures: not invalidated, and not dip audits (which grade progress on earlier work). */
const counts = (audit: BoardReportAuditEntity) => audit.status !== 'INVALIDATED' && audit.kind !== 'DIP_AUDIT';

const moderatedPair = (audit: BoardReportAuditEntity): (GradedPair & { auditorId: string }) | null =>
  audit.status === 'MODERATED' && audit.initialGrade !== null && audit.moderatedGrade !== null
    ? { initial: audit.initialGrade, moderated: audit.moderatedGrade, auditorId: audit.auditorId }
    : null;

/**
 * The board report per cycle against earlier cycles of the same service, from the board-report read
 * model; the arithmetic is in the pure functions beside this file. A report costs the same handful of
 * queries whatever the size of the cycles. The exports call `report` for the board pack.
 */
@Injectable()
export class BoardReportQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  today(): LocalDate {
    return toLocalDate(this.clock.now());
  }

  /** NOT_FOUND for an unknown cycle; BAD_USER_INPUT when previousCycles is out of range. */
  async report(cycleId: string, previousCycles: number = DEFAULT_PREVIOUS_CYCLES, today: LocalDate = this.today()): Promise<BoardReport> {
    if (!Number.isInteger(previousCycles) || previousCycles < 0 || previousCycles > MAX_PREVIOUS_CYCLES) {
      throw badInput('previousCycles', `must be a whole number from 0 to ${MAX_PREVIOUS_CYCLES}`);
    }
    const cycles = this.dataSource.getRepository(BoardReportCycleEntity);
    const cycle = await cycles.findOneBy({ cycleId });
    if (!cycle) throw notFound('cycle', cycleId);
    const previous =
      previousCycles === 0
        ? []
        : await cycles.find({ where: { service: cycle.service, month: LessThan(cycle.month) }, order: { month: 'DESC', cycleId: 'ASC' }, take: previousCycles });
    const ids = [cycle.cycleId, ...previous.map((c) => c.cycleId)];

    const [audits, followUps, actions] = await Promise.all([
      this.dataSource.getRepository(BoardReportAuditEntity).findBy({ cycleId: In(ids) }),
      // Dip audits and re-audits of these cycles' work, in whichever later cycle they were allocated.
      this.dataSource
        .getRepository(BoardReportAuditEntity)
        .createQueryBuilder('f')
        .where('f.reaudit_of_audit_id IN (SELECT audit_id FROM board_report_audits WHERE cycle_id = ANY(:ids))', { ids })
        .getMany(),
      this.dataSource.getRepository(BoardReportActionEntity).findBy({ cycleId: In(ids) }),
    ]);

    const summaries = [cycle, ...previous].map((c) =>
      summary(
        c,
        audits.filter((a) => a.cycleId === c.cycleId),
        followUps,
        actions.filter((a) => a.cycleId === c.cycleId),
        today,
      ),
    );
    const mine = audits.filter((a) => a.cycleId === cycle.cycleId && counts(a));
    const pairs = mine.map(moderatedPair).filter((p) => p !== null);
    const byAuditor = agreementByAuditor(pairs);
    const names = await this.staffNames(byAuditor.map((a) => a.auditorId));
    const moderated = mine.filter((a) => moderatedPair(a) !== null) as Array<BoardReportAuditEntity & { moderatedGrade: Grade }>;

    return {
      cycle: summaries[0],
      previous: summaries.slice(1),
      asOf: today,
      kloes: cycle.kloes,
      keyPracticePoints: cycle.keyPracticePoints,
      auditorAgreement: byAuditor
        .map((a) => ({ ...a, auditor: names.get(a.auditorId) ?? '' }))
        .sort((a, b) => a.auditor.localeCompare(b.auditor) || a.auditorId.localeCompare(b.auditorId)),
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

  private async staffNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const staff = await this.dataSource.getRepository(StaffEntity).find({ where: { id: In(ids) }, select: { id: true, name: true } });
    return new Map(staff.map((s) => [s.id, s.name]));
  }
}

function summary(
  cycle: BoardReportCycleEntity,
  cycleAudits: BoardReportAuditEntity[],
  followUps: BoardReportAuditEntity[],
  actions: BoardReportActionEntity[],
  today: LocalDate,
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
  };
}
