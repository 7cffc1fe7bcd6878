import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ActionEntity } from '../../../projections/actions/action.entity.js';
import type { Principal } from '../../auth/principal.js';
import { notFound } from '../../shared/errors.js';
import type { AcknowledgeActionInput, CompleteActionInput, DropActionInput, ProgressActionInput } from '../audit.types.js';
import { AuditWriter, actingAs } from './audit-writer.js';

/** Progress, completion and dropping of an agreed action; each resolves to the action's id. */
export class ProgressActionCommand extends Command<string> {
  constructor(
    readonly input: ProgressActionInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

export class CompleteActionCommand extends Command<string> {
  constructor(
    readonly input: CompleteActionInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

export class DropActionCommand extends Command<string> {
  constructor(
    readonly input: DropActionInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * An action lives in its audit's stream; callers name only the action, so its audit is looked up in
 * the actions read model (which the agreeing mutation waited for). The decider then checks the
 * action against the audit's own state.
 */
async function auditOf(dataSource: DataSource, actionId: string): Promise<string> {
  const row = await dataSource.getRepository(ActionEntity).findOne({ where: { id: actionId }, select: { id: true, auditId: true } });
  if (!row) throw notFound('action', actionId);
  return row.auditId;
}

@CommandHandler(ProgressActionCommand)
export class ProgressActionHandler implements ICommandHandler<ProgressActionCommand, string> {
  constructor(
    private readonly audits: AuditWriter,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: ProgressActionCommand): Promise<string> {
    const auditId = await auditOf(this.dataSource, input.actionId);
    await this.audits.run(auditId, principal, actingAs(principal, 'PRACTITIONER', 'TEAM_MANAGER', ...principal.roles), correlationId, (_state, decision) => ({
      type: 'ProgressAction',
      ...decision,
      data: { auditId, actionId: input.actionId, note: input.note },
    }));
    return input.actionId;
  }
}

@CommandHandler(CompleteActionCommand)
export class CompleteActionHandler implements ICommandHandler<CompleteActionCommand, string> {
  constructor(
    private readonly audits: AuditWriter,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: CompleteActionCommand): Promise<string> {
    const auditId = await auditOf(this.dataSource, input.actionId);
    await this.audits.run(auditId, principal, actingAs(principal, 'PRACTITIONER', 'TEAM_MANAGER', ...principal.roles), correlationId, (_state, decision) => ({
      type: 'CompleteAction',
      ...decision,
      data: { auditId, actionId: input.actionId, note: input.note ?? null },
    }));
    return input.actionId;
  }
}

@CommandHandler(DropActionCommand)
export class DropActionHandler implements ICommandHandler<DropActionCommand, string> {
  constructor(
    private readonly audits: AuditWriter,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: DropActionCommand): Promise<string> {
    const auditId = await auditOf(this.dataSource, input.actionId);
    await this.audits.run(auditId, principal, actingAs(principal, 'TEAM_MANAGER', 'AUDIT_TEAM'), correlationId, (_state, decision) => ({
      type: 'DropAction',
      ...decision,
      data: { auditId, actionId: input.actionId, reason: input.reason },
    }));
    return input.actionId;
  }
}

/** AUD-5: the practitioner of the case acknowledges (or comments on) a case action. */
export class AcknowledgeActionCommand extends Command<string> {
  constructor(
    readonly input: AcknowledgeActionInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(AcknowledgeActionCommand)
export class AcknowledgeActionHandler implements ICommandHandler<AcknowledgeActionCommand, string> {
  constructor(
    private readonly audits: AuditWriter,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: AcknowledgeActionCommand): Promise<string> {
    const auditId = await auditOf(this.dataSource, input.actionId);
    await this.audits.run(auditId, principal, 'PRACTITIONER', correlationId, (_state, decision) => ({
      type: 'AcknowledgeAction',
      ...decision,
      data: { auditId, actionId: input.actionId, comment: input.comment ?? null },
    }));
    return input.actionId;
  }
}
