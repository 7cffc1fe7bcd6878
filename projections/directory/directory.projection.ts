import { defineProjection } from '../runner/projection.js';
import { EventData } from '../runner/event-data.js';
import { StaffEntity } from './staff.entity.js';
import { TeamEntity } from './team.entity.js';

/** Teams and staff: `me`, display names and authorisation lookups. */
export const directoryProjection = defineProjection({
  name: 'directory',
  // 2: the auditor's training (PPL-2). 3: leavers (PPL-8).
  version: 3,
  entities: [TeamEntity, StaffEntity],
  handlers: {
    async TeamRegistered(event, manager) {
      const data = EventData.of(event);
      await manager.upsert(
        TeamEntity,
        { id: data.string('teamId'), name: data.string('name'), service: data.string('service') },
        { conflictPaths: ['id'] },
      );
    },

    async StaffRegistered(event, manager) {
      const data = EventData.of(event);
      await manager.upsert(
        StaffEntity,
        {
          id: data.string('staffId'),
          name: data.string('name'),
          email: data.string('email'),
          teamId: data.optionalString('teamId') || null,
          roles: data.roles('roles'),
        },
        { conflictPaths: ['id'] },
      );
    },

    async AuditorTrainingRecorded(event, manager) {
      const data = EventData.of(event);
      const staffId = data.string('staffId');
      const completedOn = data.date('completedOn');
      // The latest completion counts, as in the staff decider.
      await manager
        .createQueryBuilder()
        .update(StaffEntity)
        .set({ auditorTrainingCompletedOn: completedOn })
        .where('id = :staffId AND (auditor_training_completed_on IS NULL OR auditor_training_completed_on < :completedOn)', { staffId, completedOn })
        .execute();
    },

    async StaffLeft(event, manager) {
      const data = EventData.of(event);
      await manager.update(StaffEntity, { id: data.string('staffId') }, { leftOn: data.date('leftOn') });
    },
  },
});
