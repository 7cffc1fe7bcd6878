import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, Matches } from 'class-validator';
import { ID_PATTERN, IsEntityId } from '../../graphql/validation.js';
import { LocalDateScalar } from '../../graphql/scalars.js';
import type { Principal } from '../../auth/principal.js';
import { staffDecider } from '../../staff/decider.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { cycleDecider } from '../decider.js';

@InputType()
export class RecordKloeMeetingInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => [ID])
  @ArrayNotEmpty({ message: 'attendeeIds: name the staff who attended the KLOE meeting' })
  @ArrayMaxSize(30, { message: 'attendeeIds: at most 30 attendees' })
  @Matches(ID_PATTERN, { each: true, message: 'attendeeIds: each must be a staff id' })
  attendeeIds: string[];
}

/** BEF-1, BEF-2: the KLOE meeting before the audit month; resolves to the cycle id. */
export class RecordKloeMeetingCommand extends Command<string> {
  constructor(
    readonly input: RecordKloeMeetingInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(RecordKloeMeetingCommand)
export class RecordKloeMeetingHandler implements ICommandHandler<RecordKloeMeetingCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ input, principal, correlationId }: RecordKloeMeetingCommand): Promise<string> {
    // Who attended, in which posts: the decider asks for the head of service and an EH coordinator.
    const loaded = await Promise.all([...new Set(input.attendeeIds)].map((id) => this.writeSide.load(streams.staff(id), staffDecider)));
    const attendees = loaded.filter((s) => s.exists).map(({ state }) => ({ id: state.id, roles: state.roles }));
    const decision = this.writeSide.decision(principal);
    await this.writeSide.execute(
      streams.cycle(input.cycleId),
      cycleDecider,
      { type: 'RecordKloeMeeting', ...decision, data: { cycleId: input.cycleId, heldOn: input.heldOn, attendeeIds: input.attendeeIds }, attendees },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    return input.cycleId;
  }
}

/** BEF-3: the head of service, EH coordinator lead or divisional director approves the cycle's KLOEs. */
export class ApproveKloesCommand extends Command<string> {
  constructor(
    readonly cycleId: string,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(ApproveKloesCommand)
export class ApproveKloesHandler implements ICommandHandler<ApproveKloesCommand, string> {
  constructor(private readonly writeSide: WriteSide) {}

  async execute({ cycleId, principal, correlationId }: ApproveKloesCommand): Promise<string> {
    const decision = this.writeSide.decision(principal);
    const actingAs = (['HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'] as const).find((r) => principal.roles.includes(r)) ?? 'HEAD_OF_SERVICE';
    await this.writeSide.execute(
      streams.cycle(cycleId),
      cycleDecider,
      { type: 'ApproveKloes', ...decision, data: { cycleId } },
      this.writeSide.context(principal, actingAs, correlationId, decision.now),
    );
    return cycleId;
  }
}
