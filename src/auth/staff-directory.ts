import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StaffEntity } from '../../projections/directory/staff.entity.js';
import type { Role } from '../shared/domain-types.js';

export interface StaffRecord {
  id: string;
  name: string;
  email: string;
  teamId: string | null;
  roles: Role[];
}

/** Registered staff, from the directory read model: who may sign in, and with which roles. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string): Promise<StaffRecord | null> {
    return this.dataSource.getRepository(StaffEntity).findOneBy({ id });
  }
}
