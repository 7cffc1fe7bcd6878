import type { EntityManager } from 'typeorm';
import { NotifyStaffEntity, NotifyTeamEntity } from '../../projections/notifications/notify-lookups.entities.js';
import type { Directory, Person, Team } from './contracts/recipients.js';

/** The notifications projector's copy of staff and teams, as a Directory. */
export async function loadDirectory(manager: EntityManager): Promise<Directory> {
  const people: Person[] = await manager.find(NotifyStaffEntity);
  const teams: Team[] = await manager.find(NotifyTeamEntity);
  return { people: new Map(people.map((p) => [p.id, p])), teams: new Map(teams.map((t) => [t.id, t])) };
}
