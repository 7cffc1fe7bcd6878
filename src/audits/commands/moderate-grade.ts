import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import type { ModerateGradeInput } from '../audit.types.js';
import { AuditWriter, actingAs } from './audit-writer.js';
import type { Role } from '../../shared/domain-types.js';

/** AUD-13: the allocated moderator, or a member of the cycle's moderation group (src/cycles/moderation-group.ts). */
export const MODERATING_ROLES: Role[] = ['MODERATOR', 'HEAD_OF_SERVICE', 'DIVISIONAL_DIRECTOR', 'AUDIT_TEAM'];

/** AUD-13: the moderation group of the audit's cycle; [] when the cycle has none. */
export async function moderationGroupOf(audits: AuditWriter, auditId: string): Promise<string[]> {
  const { cycleId, allocated } = await audits.load(auditId).catch(() => ({ cycleId: '', allocated: false }));
  if (!allocated) return [];
  return (await audits.cycleState(cycleId))?.moderationGroupIds ?? [];
}

export class ModerateGradeCommand extends Command<string> {
  constructor(
    readonly input: ModerateGradeInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ModerateGradeCommand)
export class ModerateGradeHandler implements ICommandHandler<ModerateGradeCommand, string> {
  constructor(private readonly audits: AuditWriter) {}

  async execute({ input, principal, correlationId }: ModerateGradeCommand): Promise<string> {
    const moderationGroupIds = await moderationGroupOf(this.audits, input.auditId);
    await this.audits.run(input.auditId, principal, actingAs(principal, ...MODERATING_ROLES), correlationId, (state, decision) => ({
      type: 'ModerateGrade',
      ...decision,
      data: { auditId: input.auditId, section: input.section, grade: input.grade, rationale: input.rationale },
      template: this.audits.templateOf(state),
      moderationGroupIds,
    }));
    return input.auditId;
  }
}
