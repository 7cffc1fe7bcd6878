/** The GraphQL documents of the people and teams pages (staff.resolver.ts). */

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
export const ROLE_CHOICES: Array<{ value: string; text: string }> = [
  { value: 'AUDIT_TEAM', text: 'Audit team' },
  { value: 'AUDITOR', text: 'Auditor' },
  { value: 'MODERATOR', text: 'Moderator' },
  { value: 'AUDIT_MANAGER', text: 'Audit manager' },
  { value: 'PRACTITIONER', text: 'Practitioner' },
  { value: 'TEAM_MANAGER', text: 'Team manager' },
  { value: 'HEAD_OF_SERVICE', text: 'Head of service' },
  { value: 'EH_COORDINATOR_LEAD', text: 'EH coordinator lead' },
  { value: 'DIVISIONAL_DIRECTOR', text: 'Divisional director' },
  { value: 'BOARD_READER', text: 'Board report reader' },
  { value: 'GOVERNANCE', text: 'Governance' },
];

export const roleWords = (roles: readonly string[]) => roles.map((r) => ROLE_CHOICES.find((c) => c.value === r)?.text ?? r).join(', ');
