import { Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { DipSampleEntity } from '../../projections/dip-samples/dip-sample.entity.js';
import type { Principal } from '../auth/principal.js';
import { hasRole } from '../auth/principal.js';
import { findTemplate } from '../audits/templates/index.js';
import { DomainError } from '../shared/errors.js';
import { tally } from './decider.js';
import type { DipSample } from './dip-sample.types.js';

/**
 * Dip samples name case records: the audit team and those who oversee it read them all; an auditor
 * reads the ones they recorded.
 */
function mayRead(principal: Principal, row: DipSampleEntity): boolean {
  return hasRole(principal, 'AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE') || row.recordedById === principal.staffId;
}

@Injectable()
export class DipSampleQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** null when there is none; FORBIDDEN when the caller may not read it. */
  async byId(id: string, principal: Principal): Promise<DipSample | null> {
    const row = await this.dataSource.getRepository(DipSampleEntity).findOneBy({ id });
    if (!row) return null;
    if (!mayRead(principal, row)) throw new DomainError('FORBIDDEN', 'you may not read this dip sample');
    return toDipSample(row);
  }

  /** Newest first. */
  async list(cycleId: string | null | undefined, principal: Principal): Promise<DipSample[]> {
    const where: FindOptionsWhere<DipSampleEntity> = cycleId ? { cycleId } : {};
    const rows = await this.dataSource.getRepository(DipSampleEntity).find({ where, order: { recordedAt: 'DESC', id: 'ASC' } });
    return rows.filter((row) => mayRead(principal, row)).map(toDipSample);
  }
}

function toDipSample(row: DipSampleEntity): DipSample {
  const template = findTemplate(row.templateId, row.templateVersion);
  const section = template?.sections.find((s) => s.key === row.theme);
  return {
    id: row.id,
    cycleId: row.cycleId,
    theme: row.theme,
    themeTitle: section?.title ?? row.theme,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    kloe: row.kloe,
    status: row.status,
    recordedById: row.recordedById,
    recordedOn: row.recordedOn,
    cases: row.cases,
    tally: tally(row.cases).map(({ question, counts }) => ({
      question,
      text: section?.questions.find((q) => q.key === question)?.text ?? question,
      yes: counts.YES,
      no: counts.NO,
      notApplicable: counts.NOT_APPLICABLE,
      partially: counts.PARTIALLY,
    })),
    findings: row.findings,
    reportedById: row.reportedById,
    reportedOn: row.reportedOn,
    headOfServiceId: row.headOfServiceId,
    signedOffById: row.signedOffById,
    signedOffOn: row.signedOffOn,
    signOffNote: row.signOffNote,
  };
}
