import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEntityId, IsText } from '../../graphql/validation.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import type { Principal } from '../../auth/principal.js';
import { cycleDecider } from '../../cycles/decider.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { FeatureCommand, runCommand } from '../../write-side/feature-command.js';
import { WriteSide } from '../../write-side/write-side.js';
import { staffDecider, teamDecider } from '../decider.js';
import type { RegisterStaffInput, RegisterTeamInput } from '../staff.types.js';

@InputType()
export class GrantAuditorExemptionInput {
  @Field(() => ID) @IsEntityId() staffId: string;
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => String) @IsText(2000) reason: string;
}

@ObjectType({ description: 'An auditor excused from auditing in one cycle by the head of service.' })
export class AuditorExemption {
  @Field(() => ID) staffId: string;
  @Field(() => ID) cycleId: string;
  @Field(() => String) reason: string;
  @Field(() => ID) grantedById: string;
  @Field(() => LocalDateScalar) grantedOn: string;
}

@InputType()
export class RecordAuditorTrainingInput {
  @Field(() => ID) @IsEntityId() staffId: string;
  @Field(() => LocalDateScalar, { description: 'The day the auditor completed the audit team\'s training.' }) completedOn: string;
}

@InputType()
export class RecordStaffLeavingInput {
  @Field(() => ID) @IsEntityId() staffId: string;
  @Field(() => LocalDateScalar, { description: 'The day they left the authority (today or earlier).' }) leftOn: string;
}

interface Deps {
  writeSide: WriteSide;
}

/** Resolves to the team's id. */
async function registerTeam({ writeSide }: Deps, input: RegisterTeamInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(writeSide.path, streams.team(input.id), teamDecider, { type: 'RegisterTeam', ...decision, data: { id: input.id, name: input.name, service: input.service } }, context);
  return input.id;
}

/** Resolves to the staff member's id. */
async function registerStaff({ writeSide }: Deps, input: RegisterStaffInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  // The team is a fact from its own stream, so a staff member is never put in a team that does not exist.
  const team = input.teamId ? await writeSide.load(streams.team(input.teamId), teamDecider) : null;
  await handleCommand(
    writeSide.path,
    streams.staff(input.id),
    staffDecider,
    {
      type: 'RegisterStaff',
      ...decision,
      data: { id: input.id, name: input.name, email: input.email, teamId: input.teamId ?? null, roles: input.roles },
      team: team?.exists ? { id: team.state.id } : null,
    },
    context,
  );
  return input.id;
}

/** The head of service excuses an auditor from one cycle; resolves to the exemption as recorded. */
async function grantAuditorExemption({ writeSide }: Deps, input: GrantAuditorExemptionInput, principal: Principal, correlationId?: string): Promise<AuditorExemption> {
  const cycle = await writeSide.load(streams.cycle(input.cycleId), cycleDecider);
  const { decision, context } = writeSide.begin(principal, 'HEAD_OF_SERVICE', correlationId);
  const { events } = await handleCommand(
    writeSide.path,
    streams.staff(input.staffId),
    staffDecider,
    {
      type: 'GrantAuditorExemption',
      ...decision,
      data: { staffId: input.staffId, cycleId: input.cycleId, reason: input.reason },
      cycle: cycle.exists ? { id: cycle.state.id, closed: cycle.state.status === 'CLOSED' } : null,
    },
    context,
  );
  const granted = events.find((event) => event.type === 'AuditorExempted');
  if (granted?.type !== 'AuditorExempted') throw new Error('GrantAuditorExemption appended no AuditorExempted event');
  return { ...granted.data };
}

/** PPL-2: the audit team records that an auditor completed its training; resolves to the staff id. */
async function recordAuditorTraining({ writeSide }: Deps, input: RecordAuditorTrainingInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(writeSide.path, streams.staff(input.staffId), staffDecider, { type: 'RecordAuditorTraining', ...decision, data: { staffId: input.staffId, completedOn: input.completedOn } }, context);
  return input.staffId;
}

/** PPL-8: the audit team records that a staff member has left; resolves to the staff id. */
async function recordStaffLeaving({ writeSide }: Deps, input: RecordStaffLeavingInput, principal: Principal, correlationId?: string): Promise<string> {
  const { decision, context } = writeSide.begin(principal, 'AUDIT_TEAM', correlationId);
  await handleCommand(writeSide.path, streams.staff(input.staffId), staffDecider, { type: 'RecordStaffLeaving', ...decision, data: { staffId: input.staffId, leftOn: input.leftOn } }, context);
  return input.staffId;
}

const STAFF_COMMANDS = { registerTeam, registerStaff, grantAuditorExemption, recordAuditorTraining, recordStaffLeaving };
type StaffCommandName = keyof typeof STAFF_COMMANDS;

/** A command on teams and staff, e.g. `new CommandOnStaff('registerStaff', input, principal, correlationId)`. */
export class CommandOnStaff<Name extends StaffCommandName> extends FeatureCommand<typeof STAFF_COMMANDS, Name> {}

/** The one handler of the staff commands: runs the function of the command's name, above. */
@CommandHandler(CommandOnStaff)
export class StaffCommandHandler implements ICommandHandler<CommandOnStaff<StaffCommandName>> {
  constructor(private readonly writeSide: WriteSide) {}

  execute(command: CommandOnStaff<StaffCommandName>) {
    return runCommand(STAFF_COMMANDS, { writeSide: this.writeSide }, command);
  }
}
