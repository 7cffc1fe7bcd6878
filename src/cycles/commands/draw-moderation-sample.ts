import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditEntity } from '../../../projections/audits/audit.entity.js';
import { IsEntityId } from '../../graphql/validation.js';
import type { Principal } from '../../auth/principal.js';
import { streams } from '../../shared/domain-types.js';
import { WriteSide } from '../../write-side/write-side.js';
import { DomainError } from '../../shared/errors.js';
import { auditDecider, type AuditState } from '../../audits/decider.js';
import { findTemplate } from '../../audits/templates/index.js';
import { cycleDecider } from '../decider.js';
import type { ModerationSample } from '../moderation-sample.js';

@InputType()
export class DrawModerationSampleInput {
  @Field(() => ID) @IsEntityId() cycleId: string;
  @Field(() => String, { nullable: true, description: 'The seed of the random draw; left out, one is chosen at random. Recorded either way, so the draw can be repeated.' })
  @IsOptional()
  @MaxLength(200, { message: 'seed: at most 200 characters' })
  seed?: string | null;
}

/** AUD-10: resolves to the sample drawn. */
export class DrawModerationSampleCommand extends Command<ModerationSample> {
  constructor(
    readonly input: DrawModerationSampleInput,
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * AUD-10 (004 "10% of audits received are moderated each month by the AP team"): draws the sample on
 * the cycle's stream, then tells each audit it was drawn from whether it is moderated
 * (ChosenForModeration) or complete without moderation (ModerationCompleted, moderated: false).
 * Audits live in streams of their own, so that second step is one append per audit; should it stop
 * part way, the next draw first finishes what an earlier sample left undone.
 */
@CommandHandler(DrawModerationSampleCommand)
export class DrawModerationSampleHandler implements ICommandHandler<DrawModerationSampleCommand, ModerationSample> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, principal, correlationId = randomUUID() }: DrawModerationSampleCommand): Promise<ModerationSample> {
    const { cycleId } = input;
    const before = await this.writeSide.load(streams.cycle(cycleId), cycleDecider);
    // The read model finds the cycle's audits awaiting moderation; each one's own stream says whether it is sampled.
    const submitted = await this.dataSource.getRepository(AuditEntity).find({ where: { cycleId, status: 'SUBMITTED' }, select: { id: true } });
    const awaiting: AuditState[] = [];
    for (const { id } of submitted) {
      const { state } = await this.writeSide.load(streams.audit(id), auditDecider);
      if (state.status === 'SUBMITTED' && state.moderationSample === null && percentOf(state) > 0) awaiting.push(state);
    }
    const earlier = before.state.moderationSamples;
    const inEarlier = new Set(earlier.flatMap((s) => s.receivedAuditIds));
    const received = awaiting.filter((a) => !inEarlier.has(a.id));

    const decision = this.writeSide.decision(principal);
    const outcome = await this.writeSide.execute(
      streams.cycle(cycleId),
      cycleDecider,
      {
        type: 'DrawModerationSample',
        ...decision,
        data: { cycleId, sampleId: randomUUID(), seed: input.seed ?? randomUUID() },
        received: received.map((a) => a.id),
        percent: Math.max(0, ...received.map(percentOf)),
      },
      this.writeSide.context(principal, 'AUDIT_TEAM', correlationId, decision.now),
    );
    const samples = outcome.state.moderationSamples;
    for (const audit of awaiting) {
      const sample = samples.find((s) => s.receivedAuditIds.includes(audit.id));
      if (!sample) continue;
      await this.apply(
        streams.audit(audit.id),
        auditDecider,
        (state: AuditState) => ({
          type: 'ApplyModerationSample' as const,
          ...this.writeSide.decision(principal),
          data: { auditId: audit.id, cycleId, sampleId: sample.sampleId, sampled: sample.sampledAuditIds.includes(audit.id) },
          template: findTemplate(state.templateId, state.templateVersion),
        }),
        this.writeSide.context(principal, 'AUDIT_TEAM', correlationId),
      );
    }
    // The sample just drawn (or, for a request repeated with its Idempotency-Key, the one it drew then).
    return samples[samples.length - 1];
  }

  /** An audit that moved on meanwhile (returned, invalidated) is left: it is in the sample's record, and a later draw applies it. */
  private async apply(...args: Parameters<WriteSide['execute']>): Promise<void> {
    try {
      await this.writeSide.execute(...args);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    }
  }
}

const percentOf = (state: AuditState): number => findTemplate(state.templateId, state.templateVersion)?.moderationSamplePercent ?? 0;
