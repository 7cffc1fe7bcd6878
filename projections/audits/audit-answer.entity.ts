import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Answer } from '../../src/shared/domain-types.js';
import { AuditEntity } from './audit.entity.js';

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
