import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the notifications projector knows to decide who is told: its own copy of staff, teams, cycles,
 * audits, actions and dip samples, kept in step with the events it decides on (another read model
 * could be ahead or behind). Rebuilt from the events like any read model.
 */

@Entity({ name: 'notify_staff' })
export class NotifyStaffEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) email: string;
  @Column({ name: 'team_id', type: 'text', nullable: true }) teamId: string | null;
  @Column({ type: 'text', array: true }) roles: string[];
  @Column({ type: 'boolean', default: false }) left: boolean;
}

@Entity({ name: 'notify_teams' })
export class NotifyTeamEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) service: string;
}

@Entity({ name: 'notify_cycles' })
export class NotifyCycleEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) month: string;
  @Column({ type: 'text', array: true }) kloes: string[];
  @Column({ name: 'moderation_due', type: 'text' }) moderationDue: string;
}

@Entity({ name: 'notify_audits' })
export class NotifyAuditEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ name: 'case_ref', type: 'text' }) caseRef: string;
  @Column({ name: 'cycle_id', type: 'text' }) cycleId: string;
  @Column({ name: 'team_id', type: 'text' }) teamId: string;
  @Column({ name: 'practitioner_id', type: 'text' }) practitionerId: string;
  @Column({ name: 'team_manager_id', type: 'text' }) teamManagerId: string;
  @Column({ name: 'auditor_id', type: 'text' }) auditorId: string;
  @Column({ name: 'moderator_id', type: 'text' }) moderatorId: string;
  /** ALLOCATED, SUBMITTED, RETURNED, MODERATED, INVALIDATED. */
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'current_grade', type: 'text', nullable: true }) currentGrade: string | null;
  @Column({ name: 'moderation_changes', type: 'integer', default: 0 }) moderationChanges: number;
  @Column({ name: 'dispute_raisers', type: 'jsonb', default: {} }) disputeRaisers: Record<string, string>;
  /** A dip audit (on the dip sample template) of this earlier audit; null for any other audit. */
  @Column({ name: 'dip_audit_of', type: 'text', nullable: true }) dipAuditOf: string | null;
  /** Inadequate work whose plan is still being followed (moderated Inadequate, not yet raised). */
  @Column({ name: 'inadequate_in_progress', type: 'boolean', default: false }) inadequateInProgress: boolean;
}

@Entity({ name: 'notify_dip_samples' })
export class NotifyDipSampleEntity {
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text' }) theme: string;
  @Column({ name: 'team_ids', type: 'text', array: true }) teamIds: string[];
}


/** An open deadline someone is reminded of (its stages are computed on the working calendar when due). */
@Entity({ name: 'notify_deadlines' })
export class NotifyDeadlineEntity {
  /** `<kind>:<subject id>`. */
  @PrimaryColumn({ type: 'text' }) id: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId: string;
  @Column({ name: 'audit_id', type: 'text', nullable: true }) auditId: string | null;
  @Column({ name: 'due_on', type: 'text' }) dueOn: string;
  /** The day the deadline was set: reminders for days before it never fire. */
  @Column({ name: 'planned_on', type: 'text' }) plannedOn: string;
  @Column({ type: 'jsonb', default: {} }) target: Record<string, string>;
}

export const NOTIFY_LOOKUP_ENTITIES = [NotifyStaffEntity, NotifyTeamEntity, NotifyCycleEntity, NotifyAuditEntity, NotifyDipSampleEntity, NotifyDeadlineEntity];
