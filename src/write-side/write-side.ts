import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModelProgress } from '../scale/read-model-progress.js';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../shared/domain-types.js';
import { Clock } from '../shared/clock.js';
import type { Decider, DomainEvent } from '../shared/decider.js';
import { handleCommand, loadState, type AppendContext, type CommandOutcome } from '../shared/command-handling.js';
import { SavedNotYetVisibleError } from '../shared/errors.js';
import { inSpan, tracing } from '../tracing/tracing.js';
import { idempotentRequest } from '../shared/idempotency.js';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import { calendarFor, toLocalDate, type WorkingCalendar } from '../calendar/working-calendar.js';
import type { LocalDate } from '../shared/domain-types.js';

/** What every decider command carries besides its data: who, the day by the service clock, the calendar. */
export interface Decision {
  actor: { staffId: string; roles: Role[] };
  today: LocalDate;
  now: Date;
  calendar: WorkingCalendar;
}

/**
 * The write path every command handler uses: decide and append (command-handling.ts), then wait
 * until every projection has reached the appended position, so the caller reads its own write.
 * If they do not within READ_YOUR_WRITES_TIMEOUT_MS, the answer says it is saved, not that it failed.
 */
@Injectable()
export class WriteSide {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    private readonly runner: ReadModelProgress,
    readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /** The event metadata for a command: who (in which role), which request, when; its Idempotency-Key if sent. */
  context(principal: Principal, actingAs: Role, correlationId: string = randomUUID(), now = this.clock.now()): AppendContext {
    return { actor: { staffId: principal.staffId, role: actingAs }, correlationId, now, idempotency: idempotentRequest.getStore() };
  }

  /** The decider's view of the same moment. */
  decision(principal: Principal, now = this.clock.now()): Decision {
    return {
      actor: { staffId: principal.staffId, roles: principal.roles },
      now,
      today: toLocalDate(now),
      calendar: calendarFor(this.settings.calendarRegion),
    };
  }

  async execute<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command | ((state: State) => Command),
    context: AppendContext,
  ): Promise<CommandOutcome<Event, State>> {
    if (!tracing()) return this.decideAndWait(streamId, decider, command, context);
    return inSpan('command', { 'practice_audit.stream': streamId, 'practice_audit.correlation_id': context.correlationId }, () =>
      this.decideAndWait(streamId, decider, command, context),
    );
  }

  private async decideAndWait<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command | ((state: State) => Command),
    context: AppendContext,
  ): Promise<CommandOutcome<Event, State>> {
    const outcome = await handleCommand(this.store, streamId, decider, command, context);
    if (outcome.position === 0) return outcome;
    try {
      const wait = () => this.runner.waitFor(outcome.position, this.settings.limits.readYourWritesTimeoutMs);
      await (tracing() ? inSpan('read-your-writes wait', { 'practice_audit.position': outcome.position }, wait) : wait());
    } catch {
      // Stored is stored: a slow or stalled projection must not make the caller think it failed.
      throw new SavedNotYetVisibleError(outcome.position);
    }
    return outcome;
  }

  load<Event extends DomainEvent, State>(streamId: string, decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>) {
    return loadState(this.store, streamId, decider);
  }
}
