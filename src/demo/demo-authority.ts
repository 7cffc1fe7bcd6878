import type { Role } from '../shared/domain-types.js';

/** A fictional authority's Early Help services (the services the operational guide names). */
export const DEMO_TEAMS = [
  { id: 'hub-a', name: 'EH Hub — Team A', service: 'EH Hub' },
  { id: 'hub-b', name: 'EH Hub — Team B', service: 'EH Hub' },
  { id: 'ei-1', name: 'Early Intervention — Team 1', service: 'Early Intervention' },
  { id: 'b19', name: 'B19 / SWISS / School Social Workers', service: 'B19/SWISS/School Social Workers' },
  { id: 'btc', name: 'Breaking the Cycle', service: 'Breaking the Cycle' },
  { id: 'ce', name: 'Community Engagement', service: 'Community Engagement' },
  { id: 'resettle', name: 'Resettlement Team', service: 'Resettlement Team' },
  { id: 'baby-feeding', name: 'Baby Feeding Team', service: 'Baby Feeding Team' },
  { id: 'qa', name: 'Quality Assurance — Audit Team', service: 'Quality Assurance' },
];

const staff = (id: string, name: string, teamId: string | null, roles: Role[]) => ({
  id,
  name,
  email: `${id}@demo.practice-audit.invalid`,
  teamId,
  roles,
});

/** Staff in every role; sign in as any of them with the dev login (POST /auth/dev-login {"userId"}). */
export const DEMO_STAFF = [
  staff('fsw-amira', 'Amira Khan (Family Support Worker)', 'hub-a', ['PRACTITIONER']),
  staff('fsw-dev', 'Dev Patel (Family Support Worker)', 'hub-b', ['PRACTITIONER']),
  staff('fsw-grace', 'Grace Obi (Early Help Practitioner)', 'ei-1', ['PRACTITIONER']),
  staff('tm-hub', 'Hannah Lewis (Team Manager, EH Hub)', 'hub-a', ['TEAM_MANAGER']),
  staff('tm-ei', 'Ivan Novak (Team Manager, Early Intervention)', 'ei-1', ['TEAM_MANAGER']),
  staff('aud-ben', 'Ben Adeyemi (Auditor)', 'btc', ['AUDITOR']),
  staff('aud-ela', 'Ela Rossi (Auditor)', 'ce', ['AUDITOR']),
  staff('mod-carys', 'Carys Jones (Moderator)', 'qa', ['MODERATOR']),
  staff('mod-faisal', 'Faisal Rahman (Moderator)', 'qa', ['MODERATOR']),
  staff('am-jo', 'Jo Clarke (Audit Manager)', 'qa', ['AUDIT_MANAGER', 'AUDIT_TEAM']),
  staff('qa-kim', 'Kim Wright (Audit Team)', 'qa', ['AUDIT_TEAM']),
  staff('hos-lena', 'Lena Fischer (Head of Service, Early Help)', null, ['HEAD_OF_SERVICE']),
  staff('col-rina', 'Rina Sato (EH Coordinator Lead, EH Hub)', 'hub-a', ['EH_COORDINATOR_LEAD']),
  staff('dd-omar', 'Omar Haddad (Divisional Director)', null, ['DIVISIONAL_DIRECTOR']),
  staff('board-mark', 'Mark Evans (Board report reader)', null, ['BOARD_READER']),
  staff('gov-nadia', 'Nadia Ali (Governance)', null, ['GOVERNANCE']),
];
