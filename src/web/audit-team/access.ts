import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';

/** The audit team's pages are for the audit team (and the audit manager, who reads them). */
export const AUDIT_TEAM_PAGES = ['AUDIT_TEAM', 'AUDIT_MANAGER'];

/**
 * Refuses the page before a form is shown that the API would refuse anyway. Showing a page grants
 * nothing: every read and write still goes to the API as the signed-in person, which decides.
 */
export function requireRoles(page: WebPage, roles: readonly string[], doing: string): void {
  const held = page.session.roles ?? [];
  if (!roles.some((role) => held.includes(role))) throw new ApiFailure('FORBIDDEN', [{ message: `Only the audit team can ${doing}` }]);
}

export const hub = (path = '') => `/audit-team${path}`;
