import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { teamDecider } from '../../staff/decider.js';
import { streams } from '../../shared/domain-types.js';
import { auditDecider } from '../decider.js';
import { DEFAULT_TEMPLATE_ID, findTemplate } from '../templates/index.js';
import type { AllocateAuditInput } from '../audit.types.js';
import { auditsOfCases } from '../case-history.js';
import { AuditWriter } from './audit-writer.js';

export class AllocateAuditCommand extends Command<string> {
  constructor(
    readonly input: AllocateAuditInput,
    readonly principal: Principal,
    readonly correlationId?: string,
    /** The new audit's id; a fresh one unless the caller names it (a re-audit does, see allocate-reaudit.ts). */
    readonly auditId: string = newId(),
  ) {
    super();
  }
}

@CommandHandler(AllocateAuditCommand)
export class AllocateAuditHandler implements ICommandHandler<AllocateAuditCommand, string> {
  constructor(
    private readonly audits: AuditWriter,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId, auditId }: AllocateAuditCommand): Promise<string> {
    const writeSide = this.audits.writeSide;
    // The independence and existence rules need facts from the cycle, team and staff streams.
    const reauditOfAuditId = input.reauditOfAuditId ?? null;
    const [cycle, team, practitioner, teamManager, auditor, moderator, reauditOf, previousAudits] = await Promise.all([
      this.audits.cycleState(input.cycleId),
      writeSide.load(streams.team(input.teamId), teamDecider),
      this.audits.staffFact(input.practitionerId),
      this.audits.staffFact(input.teamManagerId),
      this.audits.staffFact(input.auditorId),
      this.audits.staffFact(input.moderatorId),
      // A dip audit or re-audit follows up an earlier audit: the decider checks it fell below Good.
      reauditOfAuditId ? writeSide.load(streams.audit(reauditOfAuditId), auditDecider).then(({ state, exists }) => (exists ? state : null)) : null,
      // "Audited previously?" (003 header): the service's own earlier audits of the case.
      auditsOfCases(this.dataSource, [input.caseRef.trim()]),
    ]);
    const decision = writeSide.decision(principal);
    await writeSide.execute(
      streams.audit(auditId),
      auditDecider,
      {
        type: 'AllocateAudit',
        ...decision,
        data: {
          auditId,
          cycleId: input.cycleId,
          caseRef: input.caseRef.trim(),
          teamId: input.teamId,
          practitionerId: input.practitionerId,
          teamManagerId: input.teamManagerId,
          auditorId: input.auditorId,
          moderatorId: input.moderatorId,
          templateId: input.templateId ?? null,
          reauditOfAuditId,
          auditedBefore: input.auditedBefore ?? null,
          previousAuditOn: input.previousAuditOn ?? null,
          ethnicity: input.ethnicity ?? null,
          childAge: input.childAge ?? null,
          monthsOpen: input.monthsOpen ?? null,
        },
        cycle,
        team: team.exists ? { id: team.state.id, service: team.state.service } : null,
        practitioner,
        teamManager,
        auditor,
        moderator,
        template: findTemplate(input.templateId ?? DEFAULT_TEMPLATE_ID),
        reauditOf,
        previousAudits: previousAudits.map(({ auditId, auditedOn }) => ({ auditId, auditedOn })),
      },
      writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return auditId;
  }
}
