import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { StaffEntity } from '../../projections/directory/staff.entity.js';
import type { Role } from '../shared/domain-types.js';

export interface StaffRecord {
  id: string;
  name: string;
  email: string;
  teamId: string | null;
  roles: Role[];
  /** PPL-8: set once they have left the authority. */
  leftOn?: string | null;
  /** PPL-2: the latest day the auditor completed the audit team's training. */
  auditorTrainingCompletedOn?: string | null;
}

/** Registered staff, from the directory read model: who may sign in, and with which roles. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /** Asked on every request: plain SQL, since building the query through the ORM cost more than running it. */
  async find(id: string): Promise<StaffRecord | null> {
    const rows: StaffRecord[] = await this.dataSource.query(
      `SELECT id, name, email, team_id AS "teamId", roles, to_char(left_on, 'YYYY-MM-DD') AS "leftOn",
              to_char(auditor_training_completed_on, 'YYYY-MM-DD') AS "auditorTrainingCompletedOn" FROM staff WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Every registered staff member who has not left (PPL-8), by name: the dev sign-in page's list of who may sign in. */
  async all(): Promise<StaffRecord[]> {
    return this.dataSource.getRepository(StaffEntity).find({ where: { leftOn: IsNull() }, order: { name: 'ASC', id: 'ASC' } });
  }

  /**
   * The staff member registered with this email, ignoring case (mailboxes and UPNs are
   * case-insensitive). Two registrations sharing an address name nobody: signing in must not pick one.
   */
  async findByEmail(email: string): Promise<StaffRecord | null> {
    const rows = await this.dataSource
      .getRepository(StaffEntity)
      .createQueryBuilder('staff')
      .where('lower(staff.email) = lower(:email)', { email })
      .limit(2)
      .getMany();
    return rows.length === 1 ? rows[0] : null;
  }
}
