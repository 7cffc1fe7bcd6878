import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { AuditEntity } from '../../projections/audits/audit.entity.js';
import { ReauditProposalEntity } from '../../projections/selection/reaudit-proposal.entity.js';
import { SampleProposalEntity } from '../../projections/selection/sample-proposal.entity.js';
import { DIP_AUDIT_TEMPLATE_ID } from './events.js';
import type { ReauditProposal, SampleProposal } from './selection.types.js';

/** A cycle's proposals, newest first, with what has been allocated from them since (audits read model). */
@Injectable()
export class SelectionQueries {
  constructor(private readonly dataSource: DataSource) {}

  async sampleProposals(cycleId: string, proposalId?: string): Promise<SampleProposal[]> {
    const [rows, audits] = await Promise.all([
      this.dataSource.getRepository(SampleProposalEntity).find({ where: proposalId ? { id: proposalId } : { cycleId }, order: { proposedAt: 'DESC', id: 'ASC' } }),
      this.auditsOf(cycleId),
    ]);
    return rows.map((row) => ({
      id: row.id,
      cycleId: row.cycleId,
      service: row.service,
      seed: row.seed,
      excludedIfAuditedAfter: row.excludedIfAuditedAfter,
      sampleSizes: row.sampleSizes,
      candidatesConsidered: row.candidatesConsidered,
      cases: row.selected.map((c) => ({ ...c, allocatedAuditId: audits.find((a) => a.caseRef === c.caseRef && a.reauditOfAuditId === null)?.id ?? null })),
      excluded: row.excluded,
      exclusionOverrides: row.exclusionOverrides,
      proposedById: row.proposedById,
      proposedOn: row.proposedOn,
    }));
  }

  async reauditProposals(cycleId: string, proposalId?: string): Promise<ReauditProposal[]> {
    const [rows, audits] = await Promise.all([
      this.dataSource.getRepository(ReauditProposalEntity).find({ where: proposalId ? { id: proposalId } : { cycleId }, order: { proposedAt: 'DESC', id: 'ASC' } }),
      this.auditsOf(cycleId),
    ]);
    return rows.map((row) => ({
      id: row.id,
      cycleId: row.cycleId,
      previousCycleId: row.previousCycleId,
      seed: row.seed,
      belowGood: row.belowGood,
      required: row.required,
      candidates: row.candidates.map((c) => ({
        ...c,
        reauditId: audits.find((a) => a.reauditOfAuditId === c.auditId && a.templateId !== DIP_AUDIT_TEMPLATE_ID)?.id ?? null,
      })),
      proposedById: row.proposedById,
      proposedOn: row.proposedOn,
    }));
  }

  private auditsOf(cycleId: string): Promise<Pick<AuditEntity, 'id' | 'caseRef' | 'reauditOfAuditId' | 'templateId'>[]> {
    return this.dataSource.getRepository(AuditEntity).find({
      select: { id: true, caseRef: true, reauditOfAuditId: true, templateId: true },
      where: { cycleId, status: Not('INVALIDATED') },
      order: { allocatedAt: 'ASC', id: 'ASC' },
    });
  }
}
