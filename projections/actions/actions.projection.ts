import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { ACTION_SCOPES, type ActionScope } from '../../src/shared/domain-types.js';
import { defineBatchProjection, idsIn } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { RowCache } from '../runner/row-cache.js';
import { ActionAuditEntity } from './action-audit.entity.js';
import { ActionEntity } from './action.entity.js';

/** The actions and audits one batch of events touches, held in memory and written back at its end. */
class ActionsBatch {
  readonly audits: RowCache<ActionAuditEntity>;
  readonly actions: RowCache<ActionEntity>;

  private constructor(manager: EntityManager) {
    this.audits = new RowCache(manager, ActionAuditEntity, 'auditId');
    this.actions = new RowCache(manager, ActionEntity, 'id');
  }

  static async begin(manager: EntityManager, events: readonly RecordedEvent[]): Promise<ActionsBatch> {
    const batch = new ActionsBatch(manager);
    await batch.audits.preload(idsIn(events, 'auditId', ['AuditAllocated', 'ActionAgreed']));
    await batch.actions.preload(idsIn(events, 'actionId'));
    return batch;
  }

  async flush(): Promise<void> {
    await this.audits.flush();
    await this.actions.flush();
  }

  async change(actionId: string, change: Partial<ActionEntity>): Promise<void> {
    const action = await this.actions.get(actionId);
    if (!action) throw new MalformedEventError(`action ${actionId} was never agreed`);
    Object.assign(action, change);
    this.actions.changed(action);
  }
}

/** SMART actions: an audit's `actions`, the actions tracker and the owners' work queues. */
export const actionsProjection = defineBatchProjection({
  name: 'actions',
  version: 2,
  entities: [ActionEntity, ActionAuditEntity],
  begin: (manager, events) => ActionsBatch.begin(manager, events),
  handlers: {
    async AuditAllocated(event, batch) {
      const data = EventData.of(event);
      const audit: ActionAuditEntity = {
        auditId: data.string('auditId'),
        cycleId: data.string('cycleId'),
        teamId: data.string('teamId'),
        practitionerId: data.string('practitionerId'),
        teamManagerId: data.string('teamManagerId'),
      };
      await batch.audits.put(audit);
    },

    async ActionAgreed(event, batch) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const actionId = data.string('actionId');
      const scope = data.string('scope') as ActionScope;
      if (!ACTION_SCOPES.includes(scope)) throw new MalformedEventError(`field "scope" must be one of ${ACTION_SCOPES.join(', ')}, got "${scope}"`);
      // Agreed once: a second ActionAgreed for the same action is an event the store should never hold.
      if (await batch.actions.get(actionId)) throw new MalformedEventError(`action ${actionId} was agreed twice`);
      const audit = await batch.audits.get(auditId);
      const onCaseRecord = data.optionalBoolean('onCaseRecord');
      batch.actions.add({
        id: actionId,
        auditId,
        cycleId: audit?.cycleId ?? null,
        teamId: audit?.teamId ?? null,
        practitionerId: audit?.practitionerId ?? null,
        teamManagerId: audit?.teamManagerId ?? null,
        description: data.string('description'),
        ownerId: data.string('ownerId'),
        dueOn: data.date('dueOn'),
        scope,
        onCaseRecord: onCaseRecord ?? scope === 'CASE',
        status: 'OPEN',
        agreedById: data.string('agreedById'),
        agreedOn: data.date('agreedOn'),
        lastProgressNote: null,
        lastProgressedOn: null,
        closedOn: null,
        closingNote: null,
        acknowledgedOn: null,
        acknowledgementComment: null,
      });
    },

    async ActionProgressed(event, batch) {
      const data = EventData.of(event);
      await batch.change(data.string('actionId'), { lastProgressNote: data.string('note'), lastProgressedOn: data.date('progressedOn') });
    },

    async ActionCompleted(event, batch) {
      const data = EventData.of(event);
      await batch.change(data.string('actionId'), { status: 'DONE', closedOn: data.date('completedOn'), closingNote: data.optionalString('note') });
    },

    async ActionAcknowledged(event, batch) {
      const data = EventData.of(event);
      await batch.change(data.string('actionId'), { acknowledgedOn: data.date('acknowledgedOn'), acknowledgementComment: data.optionalString('comment') });
    },

    async ActionDropped(event, batch) {
      const data = EventData.of(event);
      await batch.change(data.string('actionId'), { status: 'DROPPED', closedOn: data.date('droppedOn'), closingNote: data.string('reason') });
    },
  },
});
