import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../auth/principal.js';
import { auditDecider } from '../../audits/decider.js';
import { staffDecider, teamDecider } from '../../staff/decider.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { progressDecider } from '../decider.js';
import { progressStream } from '../events.js';
import type { RecordInadequateWorkProgressInput } from '../progress.types.js';

/** REP-8: resolves to the audit id. */
export class RecordInadequateWorkProgressCommand extends Command<string> {
  constructor(
    readonly input: RecordInadequateWorkProgressInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordInadequateWorkProgressCommand)
export class RecordInadequateWorkProgressHandler implements ICommandHandler<RecordInadequateWorkProgressCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: RecordInadequateWorkProgressCommand): Promise<string> {
    // The audit's grade and meetings, and the services of the coordinator lead's team and the case's.
    const [audit, actor] = await Promise.all([
      this.writeSide.load(streams.audit(input.auditId), auditDecider),
      this.writeSide.load(streams.staff(principal.staffId), staffDecider),
    ]);
    const [actorTeam, caseTeam] = await Promise.all([this.team(actor.exists ? actor.state.teamId : null), this.team(audit.exists ? audit.state.teamId : null)]);
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      progressStream(input.auditId),
      progressDecider,
      {
        type: 'RecordInadequateWorkProgress',
        ...decision,
        data: { auditId: input.auditId, progress: input.progress, onTrack: input.onTrack },
        audit: audit.exists
          ? { id: audit.state.id, teamId: audit.state.teamId, currentGrade: audit.state.currentGrade, initialUoppHeld: audit.state.uoppMeetings.some((m) => m.meeting === 'INITIAL') }
          : null,
        actorTeam,
        caseTeam,
      },
      this.writeSide.context(principal, 'EH_COORDINATOR_LEAD', correlationId, decision.now),
    );
    return input.auditId;
  }

  private async team(id: string | null): Promise<{ id: string; service: string } | null> {
    if (!id) return null;
    const { state, exists } = await this.writeSide.load(streams.team(id), teamDecider);
    return exists ? { id: state.id, service: state.service } : null;
  }
}
