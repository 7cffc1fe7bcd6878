import { createHash } from 'node:crypto';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, Not } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import type { Principal } from '../../auth/principal.js';
import { AllocateAuditCommand } from '../../audits/commands/allocate-audit.js';
import { auditDecider } from '../../audits/decider.js';
import { DomainError, conflict, notFound } from '../../shared/errors.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { requireReauditCandidate, selectionDecider } from '../decider.js';
import { DIP_AUDIT_TEMPLATE_ID, selectionStream } from '../events.js';
import type { AllocateReauditInput } from '../selection.types.js';
import { cycleFact } from './cycle-fact.js';

/** Resolves to the new audit's id. */
export class AllocateReauditCommand extends Command<string> {
  constructor(
    readonly input: AllocateReauditInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * The id of a cycle's re-audit of `originalId`, named by the two and by how many earlier re-audits of
 * it in the cycle were invalidated. Every allocation of the same re-audit names the same audit stream,
 * so of two allocations at once only one can create it: the other finds it taken and is refused.
 * Shaped as an RFC 9562 version 8 (name-based, SHA-256) UUID, as audit ids are UUIDs.
 */
export function reauditAuditId(cycleId: string, originalId: string, invalidatedBefore: number): string {
  const hex = createHash('sha256').update(`reaudit\u0000${cycleId}\u0000${originalId}\u0000${invalidatedBefore}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * 000: "the audit team will reallocate at least 10% of audited work that fell below good back to
 * auditors to review whether the work has now reached good … The moderation will be done as usual."
 * A candidate of the cycle's latest re-audit proposal becomes a new audit of the same case, linked to
 * the original; allocation itself (independence, the original below Good, a later cycle) is the
 * audit decider's, through AllocateAudit.
 */
@CommandHandler(AllocateReauditCommand)
export class AllocateReauditHandler implements ICommandHandler<AllocateReauditCommand, string> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
  ) {}

  async execute({ input, principal, correlationId }: AllocateReauditCommand): Promise<string> {
    const audits = this.dataSource.getRepository(AuditEntity);
    // The 6-week dip audit (on the dip-sample template) may fall in the same cycle; it is not the re-audit.
    const reauditsOf = { reauditOfAuditId: input.reauditOfAuditId, cycleId: input.cycleId, templateId: Not(DIP_AUDIT_TEMPLATE_ID) };
    const [cycle, { state }, original, already, invalidated] = await Promise.all([
      cycleFact(this.writeSide, input.cycleId),
      this.writeSide.load(selectionStream(input.cycleId), selectionDecider),
      audits.findOneBy({ id: input.reauditOfAuditId }),
      audits.findOneBy({ ...reauditsOf, status: Not('INVALIDATED') }),
      audits.countBy({ ...reauditsOf, status: 'INVALIDATED' }),
    ]);
    if (!cycle) throw notFound('cycle', input.cycleId);
    requireReauditCandidate(state, input.cycleId, input.reauditOfAuditId, already?.id ?? null);
    if (!original) throw notFound('audit', input.reauditOfAuditId);
    const auditId = reauditAuditId(input.cycleId, original.id, invalidated);
    const allocation = this.commands.execute(
      new AllocateAuditCommand(
        {
          cycleId: input.cycleId,
          caseRef: original.caseRef,
          teamId: original.teamId,
          practitionerId: input.practitionerId ?? original.practitionerId,
          teamManagerId: input.teamManagerId ?? original.teamManagerId,
          auditorId: input.auditorId,
          moderatorId: input.moderatorId,
          templateId: input.templateId ?? original.templateId,
          reauditOfAuditId: original.id,
          ethnicity: original.ethnicity,
          childAge: input.childAge ?? null,
          monthsOpen: input.monthsOpen ?? null,
        },
        principal,
        correlationId,
        auditId,
      ),
    );
    try {
      return await allocation;
    } catch (error) {
      // Refused, yet the audit stream is there: another allocation of the same re-audit got there first (see reauditAuditId).
      if (error instanceof DomainError && error.code === 'CONFLICT' && (await this.writeSide.load(streams.audit(auditId), auditDecider)).exists) {
        throw conflict(`audit ${original.id} is already re-audited in cycle ${input.cycleId} by audit ${auditId}`);
      }
      throw error;
    }
  }
}
