/** The GraphQL documents of the people and teams pages (staff.resolver.ts). */
import { ROLE_LABELS } from '../kernel/filters.js';

export const PEOPLE = `query People { staff { id name email teamId roles auditorTrainingCompletedOn } teams { id name service } }`;
export const TEAMS = `query Teams { teams { id name service } }`;
export const REGISTER_STAFF = `mutation RegisterStaff($input: RegisterStaffInput!) { registerStaff(input: $input) { id name } }`;
export const REGISTER_TEAM = `mutation RegisterTeam($input: RegisterTeamInput!) { registerTeam(input: $input) { id name } }`;
export const RECORD_TRAINING = `mutation RecordAuditorTraining($input: RecordAuditorTrainingInput!) { recordAuditorTraining(input: $input) { id auditorTrainingCompletedOn } }`;

export interface Team {
  id: string;
  name: string;
  service: string;
}

export interface Person {
  id: string;
  name: string;
  email: string;
  teamId: string | null;
  roles: string[];
  auditorTrainingCompletedOn: string | null;
}

/** The roles a person can be registered with, in the order the documents introduce them (contract Role). */
/** Every role, in the order the people form offers them, with the kernel's words for each. */
export const ROLE_CHOICES: Array<{ value: string; text: string }> = [
  'AUDIT_TEAM', 'AUDITOR', 'MODERATOR', 'AUDIT_MANAGER', 'PRACTITIONER', 'TEAM_MANAGER', 'HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR', 'BOARD_READER', 'GOVERNANCE',
].map((value) => ({ value, text: ROLE_LABELS[value] }));

export const roleWords = (roles: readonly string[]) => roles.map((r) => ROLE_CHOICES.find((c) => c.value === r)?.text ?? r).join(', ');
