import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModelProgress } from '../scale/read-model-progress.js';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../shared/domain-types.js';
import { Clock } from '../shared/clock.js';
import type { Decider, DomainEvent } from '../shared/decider.js';
import { loadState, type AppendContext, type WritePath } from '../shared/command-handling.js';
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
 * What a command handler needs besides its facts: the `path` it gives handleCommand (the store, and
 * the read models' progress for read-your-writes, waiting up to READ_YOUR_WRITES_TIMEOUT_MS), the
 * command's context (who, in which role, which request, when) and the decider's view of that moment.
 */
@Injectable()
export class WriteSide {
  readonly path: WritePath;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readModels: ReadModelProgress,
    readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {
    this.path = { store, readModels, readYourWritesTimeoutMs: settings.limits.readYourWritesTimeoutMs };
  }

  /** A command's decision and context, at one moment by the service clock. */
  begin(principal: Principal, actingAs: Role, correlationId?: string): { decision: Decision; context: AppendContext } {
    const decision = this.decision(principal);
    return { decision, context: this.context(principal, actingAs, correlationId, decision.now) };
  }

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

  /** Another aggregate as it stands, for a fact a rule needs. */
  load<Event extends DomainEvent, State>(streamId: string, decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>) {
    return loadState(this.store, streamId, decider);
  }
}

/**
 * The role recorded on the events: the first of `allowed` the caller holds (the guard has already
 * checked they hold one), so the trail says in which capacity someone acted.
 */
export function actingAs(principal: Principal, ...allowed: Role[]): Role {
  return allowed.find((role) => principal.roles.includes(role)) ?? allowed[0];
}
