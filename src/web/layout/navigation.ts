/**
 * The service navigation: one entry per area of the pages, shown to the roles whose work it is. Showing
 * an entry grants nothing: every page still asks the API as the signed-in person, which refuses what
 * the role may not see. An area's folder adds its entry here.
 */
export interface NavigationEntry {
  key: string;
  href: string;
  text: string;
  /** Shown to anyone holding one of these roles; empty: to everyone signed in. */
  roles: readonly string[];
}

const AUDIT_TEAM = ['AUDIT_TEAM', 'AUDIT_MANAGER'];
/** Whom the API lets read the tracker (trackerPage) and the board report (boardReport). */
const TRACKER_READERS = [...AUDIT_TEAM, 'HEAD_OF_SERVICE', 'GOVERNANCE'];
const BOARD_REPORT_READERS = [...TRACKER_READERS, 'BOARD_READER', 'DIVISIONAL_DIRECTOR'];

export const NAVIGATION: readonly NavigationEntry[] = [
  { key: 'my-work', href: '/my-work', text: 'My work', roles: [] },
  { key: 'actions', href: '/actions', text: 'Actions', roles: [] },
  { key: 'cycles', href: '/cycles', text: 'Cycles', roles: [...AUDIT_TEAM, 'HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR'] },
  { key: 'audit-team', href: '/audit-team', text: 'Audit team', roles: AUDIT_TEAM },
  { key: 'tracker', href: '/tracker', text: 'Tracker', roles: TRACKER_READERS },
  { key: 'board-report', href: '/board-report', text: 'Board report', roles: BOARD_REPORT_READERS },
  { key: 'notifications', href: '/notifications', text: 'Messages', roles: [] },
];

/** The entries for a person's roles, the current area marked active, in the shape govukServiceNavigation takes. */
export function navigationFor(roles: readonly string[], active: unknown): { href: string; text: string; active: boolean }[] {
  return NAVIGATION.filter((e) => e.roles.length === 0 || e.roles.some((r) => roles.includes(r))).map((e) => ({ href: e.href, text: e.text, active: e.key === active }));
}
