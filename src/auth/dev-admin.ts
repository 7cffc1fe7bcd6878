import type { INestApplication } from '@nestjs/common';
import { handleCommand } from '../shared/command-handling.js';
import { DomainError, SavedNotYetVisibleError } from '../shared/errors.js';
import { streams } from '../shared/domain-types.js';
import { WriteSide } from '../write-side/write-side.js';
import { staffDecider } from '../staff/decider.js';

export const DEV_ADMIN_ID = 'admin';

/**
 * In dev mode a staff member `admin` with role AUDIT_TEAM always exists, so an empty store can be
 * set up through the API. It is registered by an ordinary StaffRegistered event the first time.
 */
export async function ensureDevAdmin(app: INestApplication): Promise<void> {
  await ensureAdmin(app, { id: DEV_ADMIN_ID, name: 'Audit team administrator', email: 'admin@practice-audit.invalid' });
}

/**
 * With OIDC the same bootstrap for AUTH_BOOTSTRAP_ADMIN: the identity provider's person who sets up
 * an empty store (their roles still come from their token).
 */
export async function ensureBootstrapAdmin(app: INestApplication, admin: { id: string; email: string }): Promise<void> {
  await ensureAdmin(app, { ...admin, name: 'Audit team administrator' });
}

async function ensureAdmin(app: INestApplication, admin: { id: string; name: string; email: string }): Promise<void> {
  const writeSide = app.get(WriteSide);
  const { exists } = await writeSide.load(streams.staff(admin.id), staffDecider);
  if (exists) return;
  const system = { staffId: 'system', roles: ['AUDIT_TEAM' as const], teamId: null };
  const decision = writeSide.decision(system);
  await handleCommand(
    writeSide.path,
    streams.staff(admin.id),
    staffDecider,
    {
      type: 'RegisterStaff',
      ...decision,
      data: { id: admin.id, name: admin.name, email: admin.email, teamId: null, roles: ['AUDIT_TEAM'] },
      team: null,
    },
    writeSide.context(system, 'AUDIT_TEAM'),
  )
    // Another process starting on the same store may have registered it a moment ago; and a
    // registration stored while the read models lag is stored all the same.
    .catch((error) => {
      if (error instanceof SavedNotYetVisibleError) return;
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    });
}
