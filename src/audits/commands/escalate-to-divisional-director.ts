import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { auditDecider } from '../decider.js';
import type { GradedWork } from '../improvement.js';
import type { EscalateToDivisionalDirectorInput } from '../improvement.types.js';
import { AuditWriter } from './audit-writer.js';

export class EscalateToDivisionalDirectorCommand extends Command<string> {
  constructor(
    readonly input: EscalateToDivisionalDirectorInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(EscalateToDivisionalDirectorCommand)
export class EscalateToDivisionalDirectorHandler implements ICommandHandler<EscalateToDivisionalDirectorCommand, string> {
  constructor(
    private readonly audits: AuditWriter,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: EscalateToDivisionalDirectorCommand): Promise<string> {
    // The dip audits and re-audits that follow the work up are found in the read model, and each is
    // judged on its own stream, which is never behind.
    const rows = await this.dataSource.getRepository(AuditEntity).find({
      select: { id: true },
      where: { reauditOfAuditId: input.auditId },
      order: { allocatedAt: 'ASC', id: 'ASC' },
    });
    const followUps: GradedWork[] = await Promise.all(
      rows.map(async ({ id }) => {
        const { state } = await this.audits.writeSide.load(streams.audit(id), auditDecider);
        // Before moderation completes the state's current grade is not set: the submitted grade stands.
        return { auditId: id, status: state.status, currentGrade: state.currentGrade ?? state.initialGrade };
      }),
    );
    await this.audits.run(input.auditId, principal, 'AUDIT_TEAM', correlationId, (_state, decision) => ({
      type: 'EscalateToDivisionalDirector',
      ...decision,
      data: { auditId: input.auditId, summary: input.summary },
      followUps,
    }));
    return input.auditId;
  }
}
