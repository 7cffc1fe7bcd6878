import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AuditEntity } from './audit.entity.js';

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
