import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, type Relation } from 'typeorm';
import type { Answer, AuditStatus, Grade, LocalDate } from '../../src/shared/domain-types.js';
import { FollowUpColumns } from '../shared/follow-up-columns.js';

export type FamilyFeedbackRecord = {
  rating: number | null;
  couldHaveTheirSay: Answer | null;
  ableToAccessSupport: Answer | null;
  comments: string | null;
  notCompletedReason: string | null;
  recordedById: string;
  recordedOn: LocalDate;
};

export type PractitionerFeedbackRecord = {
  answers: { question: string; text: string }[];
  comments: string | null;
  notCompletedReason: string | null;
  recordedById: string;
  recordedOn: LocalDate;
};

/**
 * The audit read model's tables: one row per audit, and its section grades, answers and written
 * answers, related to it (TypeORM relations both ways, so they are declared in one module).
 */

/** One row per audit: everything the `Audit` query needs but its grade history and actions (the follow-up columns are FollowUpColumns'). */
@Entity({ name: 'audits' })
export class AuditEntity extends FollowUpColumns {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Index()
  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'case_ref', type: 'text' })
  caseRef: string;

  @Index()
  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  @Index()
  @Column({ name: 'practitioner_id', type: 'text' })
  practitionerId: string;

  @Index()
  @Column({ name: 'team_manager_id', type: 'text' })
  teamManagerId: string;

  @Index()
  @Column({ name: 'auditor_id', type: 'text' })
  auditorId: string;

  @Index()
  @Column({ name: 'moderator_id', type: 'text' })
  moderatorId: string;

  @Column({ name: 'template_id', type: 'text' })
  templateId: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion: number;

  /** For a re-audit in a later cycle: the audit it follows up. */
  @Index()
  @Column({ name: 'reaudit_of_audit_id', type: 'text', nullable: true })
  reauditOfAuditId: string | null;

  @Column({ type: 'text' })
  status: AuditStatus;

  // The case facts of the Early Help template's header (003), as recorded at allocation; null when not known.

  @Column({ name: 'audited_before', type: 'boolean', nullable: true })
  auditedBefore: boolean | null;

  @Column({ name: 'previous_audit_on', type: 'date', nullable: true })
  previousAuditOn: LocalDate | null;

  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  /** The index (or youngest) child's age at the point of audit, in whole years. */
  @Column({ name: 'child_age', type: 'integer', nullable: true })
  childAge: number | null;

  /** Months the case had been open in Early Help when audited. */
  @Column({ name: 'months_open', type: 'integer', nullable: true })
  monthsOpen: number | null;

  /** The auditor's overall grade. */
  @Column({ name: 'initial_grade', type: 'text', nullable: true })
  initialGrade: Grade | null;

  /** The overall grade once moderation is complete; null for an audit completed without moderation (AUD-10). */
  @Column({ name: 'moderated_grade', type: 'text', nullable: true })
  moderatedGrade: Grade | null;

  /** AUD-10: IN_SAMPLE or OUTSIDE_SAMPLE once the month's moderation sample is drawn; null otherwise. */
  @Column({ name: 'moderation_sample', type: 'text', nullable: true })
  moderationSample: 'IN_SAMPLE' | 'OUTSIDE_SAMPLE' | null;

  /** AFT-5: the day a dip audit found the work still below Good and referred it to the EH coordinator lead. */
  @Column({ name: 'referred_to_coordinator_lead_on', type: 'date', nullable: true })
  referredToCoordinatorLeadOn: LocalDate | null;

  @Column({ name: 'referred_by_dip_audit_id', type: 'text', nullable: true })
  referredByDipAuditId: string | null;

  /** The latest overall grade: auditor, then moderator, then any UoPP revision or dispute decision. */
  @Column({ name: 'current_grade', type: 'text', nullable: true })
  currentGrade: Grade | null;

  /** At submission: the overall grade the section grades suggest; the auditor's own grade stands. */
  @Column({ name: 'suggested_overall_grade', type: 'text', nullable: true })
  suggestedOverallGrade: Grade | null;

  /** At submission: why the overall grade looks inconsistent with the sections, for QA; [] when it does not. */
  @Column({ name: 'overall_grade_inconsistencies', type: 'text', array: true })
  overallGradeInconsistencies: string[];

  @Column({ name: 'uopp_held', type: 'boolean' })
  uoppHeld: boolean;

  /** Who chaired its UoPP meetings: the chair of the follow-up (e.g. the EH coordinator lead) reads the audit too. */
  @Column({ name: 'uopp_chair_ids', type: 'text', array: true, default: () => "'{}'" })
  uoppChairIds: string[];

  /** AUD-1: the latest collaborative discussion with the practitioner and/or team manager. */
  @Column({ name: 'collaborative_discussion_on', type: 'date', nullable: true })
  collaborativeDiscussionOn: LocalDate | null;

  @Column({ name: 'collaborative_discussion_with_ids', type: 'text', array: true, default: () => "'{}'" })
  collaborativeDiscussionWithIds: string[];

  /** AUD-7: the latest family feedback (template section 9), as recorded; null until then. */
  @Column({ name: 'family_feedback', type: 'jsonb', nullable: true })
  familyFeedback: FamilyFeedbackRecord | null;

  /** AUD-7: the latest practitioner section (template section 10), as recorded; null until then. */
  @Column({ name: 'practitioner_feedback', type: 'jsonb', nullable: true })
  practitionerFeedback: PractitionerFeedbackRecord | null;

  @Column({ name: 'reaudit_required', type: 'boolean' })
  reauditRequired: boolean;

  /** The cycle's moderation date until submission, then the one the submission set. */
  @Column({ name: 'moderation_due', type: 'date', nullable: true })
  moderationDue: LocalDate | null;

  /** While returned for rectification: the date QA set to put it right. */
  @Column({ name: 'rectify_by', type: 'date', nullable: true })
  rectifyBy: LocalDate | null;

  /** UrgentIssuesAddressed (with urgentIssuesAddressedOn): by whom and what was done. */
  @Column({ name: 'urgent_issues_addressed_by_id', type: 'text', nullable: true })
  urgentIssuesAddressedById: string | null;

  @Column({ name: 'urgent_issues_summary', type: 'text', nullable: true })
  urgentIssuesSummary: string | null;

  /** Moderated below Good: work not improved by this day is escalated to the divisional director. */
  @Column({ name: 'escalate_if_not_improved_by', type: 'date', nullable: true })
  escalateIfNotImprovedBy: LocalDate | null;

  @Column({ name: 'submitted_on', type: 'date', nullable: true })
  submittedOn: LocalDate | null;

  @Column({ name: 'moderated_on', type: 'date', nullable: true })
  moderatedOn: LocalDate | null;

  @Column({ name: 'allocated_at', type: 'timestamptz' })
  allocatedAt: Date;

  @OneToMany(() => AuditSectionGradeEntity, (section) => section.audit)
  sections: Relation<AuditSectionGradeEntity[]>;

  @OneToMany(() => AuditAnswerEntity, (answer) => answer.audit)
  answers: Relation<AuditAnswerEntity[]>;

  @OneToMany(() => AuditNarrativeEntity, (narrative) => narrative.audit)
  narratives: Relation<AuditNarrativeEntity[]>;
}

/** The auditor's and the moderator's grade for one section of an audit (OVERALL included). */
@Entity({ name: 'audit_section_grades' })
export class AuditSectionGradeEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @PrimaryColumn({ type: 'text' })
  section: string;

  @Column({ name: 'auditor_grade', type: 'text', nullable: true })
  auditorGrade: Grade | null;

  @Column({ name: 'moderator_grade', type: 'text', nullable: true })
  moderatorGrade: Grade | null;

  /** AUD-8: why the auditor marked the section not applicable; null when it is not. */
  @Column({ name: 'not_applicable_reason', type: 'text', nullable: true })
  notApplicableReason: string | null;

  @ManyToOne(() => AuditEntity, (audit) => audit.sections, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_id' })
  audit: Relation<AuditEntity>;
}

/** The latest answer to one template question of an audit. */
@Entity({ name: 'audit_answers' })
export class AuditAnswerEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @PrimaryColumn({ type: 'text' })
  section: string;

  @PrimaryColumn({ type: 'text' })
  question: string;

  @Column({ type: 'text' })
  answer: Answer;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @ManyToOne(() => AuditEntity, (audit) => audit.answers, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_id' })
  audit: Relation<AuditEntity>;
}

/** The latest written answer to one free-text template question of an audit. */
@Entity({ name: 'audit_narratives' })
export class AuditNarrativeEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @PrimaryColumn({ type: 'text' })
  section: string;

  @PrimaryColumn({ type: 'text' })
  question: string;

  @Column({ type: 'text' })
  text: string;

  @ManyToOne(() => AuditEntity, (audit) => audit.narratives, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_id' })
  audit: Relation<AuditEntity>;
}
