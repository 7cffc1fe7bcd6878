import { DataSource, In, Not } from 'typeorm';
import { AuditEntity } from '../../projections/audits/audit.entity.js';
import { toLocalDate } from '../calendar/working-calendar.js';
import type { LocalDate } from '../shared/domain-types.js';

/** An earlier audit of a case, dated the day it was allocated. */
export type CaseAudit = { auditId: string; caseRef: string; cycleId: string; auditedOn: LocalDate };

/**
 * The service's audits of these cases, oldest first, from the audits read model (every mutation waits
 * for it, so it holds the caller's own allocations). An invalidated audit no longer counts as one.
 */
export async function auditsOfCases(dataSource: DataSource, caseRefs: readonly string[]): Promise<CaseAudit[]> {
  if (caseRefs.length === 0) return [];
  const rows = await dataSource.getRepository(AuditEntity).find({
    select: { id: true, caseRef: true, cycleId: true, allocatedAt: true },
    where: { caseRef: In([...new Set(caseRefs)]), status: Not('INVALIDATED') },
    order: { allocatedAt: 'ASC', id: 'ASC' },
  });
  return rows.map((row) => ({ auditId: row.id, caseRef: row.caseRef, cycleId: row.cycleId, auditedOn: toLocalDate(row.allocatedAt) }));
}
