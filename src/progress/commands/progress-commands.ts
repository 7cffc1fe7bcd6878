import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { auditDecider, currentGrade, isAllocated } from '../../audits/decider.js';
import { staffDecider, teamDecider } from '../../staff/decider.js';
import { handleCommand } from '../../shared/command-handling.js';
import { streams } from '../../shared/domain-types.js';
import { FeatureCommand, runCommand } from '../../write-side/feature-command.js';
import { WriteSide } from '../../write-side/write-side.js';
import { progressDecider } from '../decider.js';
import { progressStream } from '../events.js';
import type { RecordInadequateWorkProgressInput } from '../progress.types.js';

interface Deps {
  writeSide: WriteSide;
}

/** REP-8: the EH coordinator lead's weekly progress on Inadequate work; resolves to the audit id. */
async function recordInadequateWorkProgress({ writeSide }: Deps, input: RecordInadequateWorkProgressInput, principal: Principal, correlationId?: string): Promise<string> {
  // The audit's grade and meetings, and the services of the coordinator lead's team and the case's.
  const [audit, actor] = await Promise.all([writeSide.load(streams.audit(input.auditId), auditDecider), writeSide.load(streams.staff(principal.staffId), staffDecider)]);
  const [actorTeam, caseTeam] = await Promise.all([teamFact(writeSide, actor.exists ? actor.state.teamId : null), teamFact(writeSide, isAllocated(audit.state) ? audit.state.teamId : null)]);
  const { decision, context } = writeSide.begin(principal, 'EH_COORDINATOR_LEAD', correlationId);
  await handleCommand(
    writeSide.path,
    progressStream(input.auditId),
    progressDecider,
    {
      type: 'RecordInadequateWorkProgress',
      ...decision,
      data: { auditId: input.auditId, progress: input.progress, onTrack: input.onTrack },
      audit: isAllocated(audit.state)
        ? { id: audit.state.id, teamId: audit.state.teamId, currentGrade: currentGrade(audit.state), initialUoppHeld: audit.state.status === 'MODERATED' && audit.state.uoppMeetings.some((m) => m.meeting === 'INITIAL') }
        : null,
      actorTeam,
      caseTeam,
    },
    context,
  );
  return input.auditId;
}

async function teamFact(writeSide: WriteSide, id: string | null): Promise<{ id: string; service: string } | null> {
  if (!id) return null;
  const { state, exists } = await writeSide.load(streams.team(id), teamDecider);
  return exists ? { id: state.id, service: state.service } : null;
}

const PROGRESS_COMMANDS = { recordInadequateWorkProgress };
type ProgressCommandName = keyof typeof PROGRESS_COMMANDS;

/** A command on the progress record of Inadequate work: `new CommandOnProgress('recordInadequateWorkProgress', input, principal, correlationId)`. */
export class CommandOnProgress<Name extends ProgressCommandName> extends FeatureCommand<typeof PROGRESS_COMMANDS, Name> {}

/** The one handler of the progress record's commands: runs the function of the command's name, above. */
@CommandHandler(CommandOnProgress)
export class ProgressCommandHandler implements ICommandHandler<CommandOnProgress<ProgressCommandName>> {
  constructor(private readonly writeSide: WriteSide) {}

  execute(command: CommandOnProgress<ProgressCommandName>) {
    return runCommand(PROGRESS_COMMANDS, { writeSide: this.writeSide }, command);
  }
}
