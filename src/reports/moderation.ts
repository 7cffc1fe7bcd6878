import { GRADES, gradeRank, type Grade } from '../shared/domain-types.js';

/**
 * REP-2 (docs/rules/reporting.md). Moderation arithmetic for the board report ("changes in moderation of grades", 000 guide): how the
 * moderators' overall grades compare with the auditors'. Pure functions over the audits' grades.
 */

/** An audit's overall grade as the auditor submitted it and as moderation completed it. */
export interface GradedPair {
  initial: Grade;
  moderated: Grade;
}

export interface GradeCountFigures {
  grade: Grade;
  /** Audits the auditor submitted at this grade. */
  initial: number;
  /** Audits moderated at this grade. */
  moderated: number;
}

export interface ModerationFigures {
  moderated: number;
  /** The moderator kept the auditor's grade. */
  unchanged: number;
  /** The moderator gave a better grade than the auditor. */
  upgraded: number;
  downgraded: number;
  /** unchanged / moderated; null when nothing is moderated. */
  agreementRate: number | null;
}

export interface ModerationChangeFigures {
  initial: Grade;
  moderated: Grade;
  count: number;
}

/** Every grade, best first, with how many audits were submitted and moderated at it. */
export function gradeCounts(audits: ReadonlyArray<{ initialGrade: Grade | null; moderatedGrade: Grade | null }>): GradeCountFigures[] {
  return GRADES.map((grade) => ({
    grade,
    initial: audits.filter((a) => a.initialGrade === grade).length,
    moderated: audits.filter((a) => a.moderatedGrade === grade).length,
  }));
}

export function moderationSummary(pairs: readonly GradedPair[]): ModerationFigures {
  const unchanged = pairs.filter((p) => p.moderated === p.initial).length;
  const upgraded = pairs.filter((p) => gradeRank(p.moderated) > gradeRank(p.initial)).length;
  return {
    moderated: pairs.length,
    unchanged,
    upgraded,
    downgraded: pairs.length - unchanged - upgraded,
    agreementRate: pairs.length === 0 ? null : unchanged / pairs.length,
  };
}

/** The moderation change matrix: every (initial, moderated) pair of grades, best first, zeros included. */
export function changeMatrix(pairs: readonly GradedPair[]): ModerationChangeFigures[] {
  return GRADES.flatMap((initial) =>
    GRADES.map((moderated) => ({ initial, moderated, count: pairs.filter((p) => p.initial === initial && p.moderated === moderated).length })),
  );
}

/** Agreement per auditor, by auditor id. */
export function agreementByAuditor(pairs: ReadonlyArray<GradedPair & { auditorId: string }>): Array<ModerationFigures & { auditorId: string }> {
  const ids = [...new Set(pairs.map((p) => p.auditorId))].sort();
  return ids.map((auditorId) => ({ auditorId, ...moderationSummary(pairs.filter((p) => p.auditorId === auditorId)) }));
}
