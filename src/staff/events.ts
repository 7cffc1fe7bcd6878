import type { Role } from '../shared/domain-types.js';

/** Stream `team-<id>`. */
export type TeamRegistered = {
  type: 'TeamRegistered';
  data: { teamId: string; name: string; service: string };
};

/** Stream `staff-<id>`. */
export type StaffRegistered = {
  type: 'StaffRegistered';
  data: { staffId: string; name: string; email: string; teamId: string | null; roles: Role[] };
};

export type TeamEvent = TeamRegistered;
export type StaffEvent = StaffRegistered;
