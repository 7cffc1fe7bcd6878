import type { EntityManager } from 'typeorm';
import { ACTION_SCOPES, type ActionScope } from '../../src/shared/domain-types.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError } from '../runner/event-data.js';
import { ActionAuditEntity } from './action-audit.entity.js';
import { ActionEntity } from './action.entity.js';

async function changeAction(manager: EntityManager, actionId: string, change: Partial<ActionEntity>): Promise<void> {
  const result = await manager.update(ActionEntity, { id: actionId }, change);
  if (!result.affected) throw new MalformedEventError(`action ${actionId} was never agreed`);
}

/** SMART actions: an audit's `actions`, the actions tracker and the owners' work queues. */
export const actionsProjection = defineProjection({
  name: 'actions',
  version: 1,
  entities: [ActionEntity, ActionAuditEntity],
  handlers: {
    async AuditAllocated(event, manager) {
      const data = EventData.of(event);
      await manager.upsert(
        ActionAuditEntity,
        {
          auditId: data.string('auditId'),
          cycleId: data.string('cycleId'),
          teamId: data.string('teamId'),
          practitionerId: data.string('practitionerId'),
          teamManagerId: data.string('teamManagerId'),
        },
        { conflictPaths: ['auditId'] },
      );
    },

    async ActionAgreed(event, manager) {
      const data = EventData.of(event);
      const auditId = data.string('auditId');
      const scope = data.string('scope') as ActionScope;
      if (!ACTION_SCOPES.includes(scope)) throw new MalformedEventError(`field "scope" must be one of ${ACTION_SCOPES.join(', ')}, got "${scope}"`);
      const audit = await manager.findOneBy(ActionAuditEntity, { auditId });
      const onCaseRecord = data.optionalBoolean('onCaseRecord');
      await manager.insert(ActionEntity, {
        id: data.string('actionId'),
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
      });
    },

    async ActionProgressed(event, manager) {
      const data = EventData.of(event);
      await changeAction(manager, data.string('actionId'), { lastProgressNote: data.string('note'), lastProgressedOn: data.date('progressedOn') });
    },

    async ActionCompleted(event, manager) {
      const data = EventData.of(event);
      await changeAction(manager, data.string('actionId'), { status: 'DONE', closedOn: data.date('completedOn'), closingNote: data.optionalString('note') });
    },

    async ActionDropped(event, manager) {
      const data = EventData.of(event);
      await changeAction(manager, data.string('actionId'), { status: 'DROPPED', closedOn: data.date('droppedOn'), closingNote: data.string('reason') });
    },
  },
});
