import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, Not } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import type { Principal } from '../../auth/principal.js';
import { AllocateAuditCommand } from '../../audits/commands/allocate-audit.js';
import { notFound } from '../../shared/errors.js';
import { WriteSide } from '../../shared/write-side.js';
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
    const [cycle, { state }, original, already] = await Promise.all([
      cycleFact(this.writeSide, input.cycleId),
      this.writeSide.load(selectionStream(input.cycleId), selectionDecider),
      audits.findOneBy({ id: input.reauditOfAuditId }),
      // The 6-week dip audit (on the dip-sample template) may fall in the same cycle; it is not the re-audit.
      audits.findOneBy({ reauditOfAuditId: input.reauditOfAuditId, cycleId: input.cycleId, status: Not('INVALIDATED'), templateId: Not(DIP_AUDIT_TEMPLATE_ID) }),
    ]);
    if (!cycle) throw notFound('cycle', input.cycleId);
    requireReauditCandidate(state, input.cycleId, input.reauditOfAuditId, already?.id ?? null);
    if (!original) throw notFound('audit', input.reauditOfAuditId);
    return this.commands.execute(
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
      ),
    );
  }
}
