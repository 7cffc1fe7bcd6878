import { newId } from '../../shared/idempotency.js';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, In } from 'typeorm';
import { TeamEntity } from '../../../projections/directory/team.entity.js';
import type { Principal } from '../../auth/principal.js';
import { findTemplate } from '../../audits/templates/index.js';
import { cycleDecider } from '../../cycles/decider.js';
import { staffDecider } from '../../staff/decider.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { dipSampleDecider } from '../decider.js';
import { dipSampleStream } from '../events.js';
import type { RecordDipSampleInput, ReportDipSampleFindingsInput, SignOffDipSampleInput } from '../dip-sample.types.js';

/** Each resolves to the dip sample's id. */
export class RecordDipSampleCommand extends Command<string> {
  constructor(
    readonly input: RecordDipSampleInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

export class ReportDipSampleFindingsCommand extends Command<string> {
  constructor(
    readonly input: ReportDipSampleFindingsInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

export class SignOffDipSampleCommand extends Command<string> {
  constructor(
    readonly input: SignOffDipSampleInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** The dip-sample template the audit team works from (its latest version). */
export const DIP_SAMPLE_TEMPLATE_ID = 'dip-sample';

@CommandHandler(RecordDipSampleCommand)
export class RecordDipSampleHandler implements ICommandHandler<RecordDipSampleCommand, string> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId }: RecordDipSampleCommand): Promise<string> {
    const dipSampleId = newId();
    const teamIds = [...new Set((input.cases ?? []).map((c) => c.teamId))];
    const [cycle, teams] = await Promise.all([
      this.writeSide.load(streams.cycle(input.cycleId), cycleDecider),
      this.dataSource.getRepository(TeamEntity).findBy({ id: In(teamIds) }),
    ]);
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      dipSampleStream(dipSampleId),
      dipSampleDecider,
      {
        type: 'RecordDipSample',
        ...decision,
        data: { dipSampleId, cycleId: input.cycleId, theme: input.theme, kloe: input.kloe ?? null, cases: (input.cases ?? []).map((c) => ({ ...c, answers: [...(c.answers ?? [])] })) },
        cycle: cycle.exists ? { id: cycle.state.id, service: cycle.state.service, status: cycle.state.status, kloes: cycle.state.kloes } : null,
        template: findTemplate(DIP_SAMPLE_TEMPLATE_ID)!,
        teams: teams.map((t) => ({ id: t.id, service: t.service })),
      },
      this.writeSide.context(principal, principal.roles.includes('AUDIT_TEAM') ? 'AUDIT_TEAM' : 'AUDITOR', correlationId, decision.now),
    );
    return dipSampleId;
  }
}

@CommandHandler(ReportDipSampleFindingsCommand)
export class ReportDipSampleFindingsHandler implements ICommandHandler<ReportDipSampleFindingsCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: ReportDipSampleFindingsCommand): Promise<string> {
    const hos = await this.writeSide.load(streams.staff(input.headOfServiceId), staffDecider);
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      dipSampleStream(input.dipSampleId),
      dipSampleDecider,
      {
        type: 'ReportDipSampleFindings',
        ...decision,
        data: { dipSampleId: input.dipSampleId, findings: input.findings, headOfServiceId: input.headOfServiceId },
        headOfService: hos.exists ? hos.state : null,
      },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.dipSampleId;
  }
}

@CommandHandler(SignOffDipSampleCommand)
export class SignOffDipSampleHandler implements ICommandHandler<SignOffDipSampleCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: SignOffDipSampleCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      dipSampleStream(input.dipSampleId),
      dipSampleDecider,
      { type: 'SignOffDipSample', ...decision, data: { dipSampleId: input.dipSampleId, note: input.note ?? null } },
      this.writeSide.context(principal, 'HEAD_OF_SERVICE', correlationId, decision.now),
    );
    return input.dipSampleId;
  }
}
