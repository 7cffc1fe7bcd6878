import { newId } from '../../shared/idempotency.js';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, In } from 'typeorm';
import { TeamEntity } from '../../../projections/directory/team.entity.js';
import type { Principal } from '../../auth/principal.js';
import { findTemplate } from '../../audits/templates/index.js';
import { cycleDecider } from '../../cycles/decider.js';
import { staffDecider } from '../../staff/decider.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { FeatureCommand, runCommand } from '../../write-side/feature-command.js';
import { WriteSide } from '../../write-side/write-side.js';
import { dipSampleDecider } from '../decider.js';
import { dipSampleStream } from '../events.js';
import type { RecordDipSampleInput, ReportDipSampleFindingsInput, SignOffDipSampleInput } from '../dip-sample.types.js';

/** The dip-sample template the audit team works from (its latest version). */
export const DIP_SAMPLE_TEMPLATE_ID = 'dip-sample';

interface Deps {
  writeSide: WriteSide;
  dataSource: DataSource;
}

/** Each command resolves to the dip sample's id. */
async function recordDipSample({ writeSide, dataSource }: Deps, input: RecordDipSampleInput, principal: Principal, correlationId?: string): Promise<string> {
  const dipSampleId = newId();
  const teamIds = [...new Set((input.cases ?? []).map((c) => c.teamId))];
  const [cycle, teams] = await Promise.all([
    writeSide.load(streams.cycle(input.cycleId), cycleDecider),
    dataSource.getRepository(TeamEntity).findBy({ id: In(teamIds) }),
  ]);
  const { decision, context } = writeSide.begin(principal, principal.roles.includes('AUDIT_TEAM') ? 'AUDIT_TEAM' : 'AUDITOR', correlationId);
  await handleCommand(
    writeSide.path,
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
    context,
  );
  return dipSampleId;
}

async function reportDipSampleFindings({ writeSide }: Deps, input: ReportDipSampleFindingsInput, principal: Principal, correlationId?: string): Promise<string> {
  const hos = await writeSide.load(streams.staff(input.headOfServiceId), staffDecider);
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(
    writeSide.path,
    dipSampleStream(input.dipSampleId),
    dipSampleDecider,
    {
      type: 'ReportDipSampleFindings',
      ...decision,
      data: { dipSampleId: input.dipSampleId, findings: input.findings, headOfServiceId: input.headOfServiceId },
      headOfService: hos.exists ? hos.state : null,
    },
    context,
  );
  return input.dipSampleId;
}

async function signOffDipSample({ writeSide }: Deps, input: SignOffDipSampleInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'HEAD_OF_SERVICE', correlationId);
  await handleCommand(writeSide.path, dipSampleStream(input.dipSampleId), dipSampleDecider, { type: 'SignOffDipSample', ...decision, data: { dipSampleId: input.dipSampleId, note: input.note ?? null } }, context);
  return input.dipSampleId;
}

const DIP_SAMPLE_COMMANDS = { recordDipSample, reportDipSampleFindings, signOffDipSample };
type DipSampleCommandName = keyof typeof DIP_SAMPLE_COMMANDS;

/** A command on a dip sample, e.g. `new CommandOnDipSample('signOffDipSample', input, principal, correlationId)`. */
export class CommandOnDipSample<Name extends DipSampleCommandName> extends FeatureCommand<typeof DIP_SAMPLE_COMMANDS, Name> {}

/** The one handler of the dip sample's commands: runs the function of the command's name, above. */
@CommandHandler(CommandOnDipSample)
export class DipSampleCommandHandler implements ICommandHandler<CommandOnDipSample<DipSampleCommandName>> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  execute(command: CommandOnDipSample<DipSampleCommandName>) {
    return runCommand(DIP_SAMPLE_COMMANDS, { writeSide: this.writeSide, dataSource: this.dataSource }, command);
  }
}
