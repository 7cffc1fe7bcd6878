import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { defineBatchProjection, idsIn } from '../runner/projection.js';
import { EventData } from '../runner/event-data.js';
import { RowCache } from '../runner/row-cache.js';
import { StaffEntity } from './staff.entity.js';
import { TeamEntity } from './team.entity.js';

/** The teams and staff a batch of events touches, held in memory and written back together at its end. */
class DirectoryBatch {
  readonly teams: RowCache<TeamEntity>;
  readonly staff: RowCache<StaffEntity>;

  private constructor(manager: EntityManager) {
    this.teams = new RowCache(manager, TeamEntity, 'id');
    this.staff = new RowCache(manager, StaffEntity, 'id');
  }

  static async begin(manager: EntityManager, events: readonly RecordedEvent[]): Promise<DirectoryBatch> {
    const batch = new DirectoryBatch(manager);
    await batch.teams.preload(idsIn(events, 'teamId', ['TeamRegistered']));
    await batch.staff.preload(idsIn(events, 'staffId'));
    return batch;
  }

  async flush(): Promise<void> {
    await this.teams.flush();
    await this.staff.flush();
  }
}

/** Teams and staff: `me`, display names and authorisation lookups. */
export const directoryProjection = defineBatchProjection({
  name: 'directory',
  // 2: the auditor's training (PPL-2). 3: leavers (PPL-8).
  version: 3,
  entities: [TeamEntity, StaffEntity],
  begin: (manager, events) => DirectoryBatch.begin(manager, events),
  handlers: {
    async TeamRegistered(event, batch) {
      const data = EventData.of(event);
      await batch.teams.put({ id: data.string('teamId'), name: data.string('name'), service: data.string('service') });
    },

    async StaffRegistered(event, batch) {
      const data = EventData.of(event);
      const id = data.string('staffId');
      const fields = { id, name: data.string('name'), email: data.string('email'), teamId: data.optionalString('teamId') || null, roles: data.roles('roles') };
      // Registered again, someone keeps their training and leaving dates.
      const held = await batch.staff.get(id);
      if (held) {
        Object.assign(held, fields);
        batch.staff.changed(held);
      } else batch.staff.add({ ...fields, auditorTrainingCompletedOn: null, leftOn: null });
    },

    async AuditorTrainingRecorded(event, batch) {
      const data = EventData.of(event);
      const staff = await batch.staff.get(data.string('staffId'));
      const completedOn = data.date('completedOn');
      // The latest completion counts, as in the staff decider.
      if (!staff || (staff.auditorTrainingCompletedOn !== null && staff.auditorTrainingCompletedOn >= completedOn)) return;
      staff.auditorTrainingCompletedOn = completedOn;
      batch.staff.changed(staff);
    },

    async StaffLeft(event, batch) {
      const data = EventData.of(event);
      const staff = await batch.staff.get(data.string('staffId'));
      const leftOn = data.date('leftOn');
      if (!staff) return;
      staff.leftOn = leftOn;
      batch.staff.changed(staff);
    },
  },
});
