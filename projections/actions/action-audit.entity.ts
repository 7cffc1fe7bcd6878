import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The actions projection's own note of each audit's case people, from AuditAllocated (see ActionEntity). */
@Entity({ name: 'action_audits' })
export class ActionAuditEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'text' })
  auditId: string;

  @Column({ name: 'cycle_id', type: 'text' })
  cycleId: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  @Column({ name: 'practitioner_id', type: 'text' })
  practitionerId: string;

  @Column({ name: 'team_manager_id', type: 'text' })
  teamManagerId: string;
}
