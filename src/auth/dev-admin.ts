import type { INestApplication } from '@nestjs/common';
import { DomainError } from '../shared/errors.js';
import { streams } from '../shared/domain-types.js';
import { WriteSide } from '../shared/write-side.js';
import { staffDecider } from '../staff/decider.js';

export const DEV_ADMIN_ID = 'admin';

/**
 * In dev mode a staff member `admin` with role AUDIT_TEAM always exists, so an empty store can be
 * set up through the API. It is registered by an ordinary StaffRegistered event the first time.
 */
export async function ensureDevAdmin(app: INestApplication): Promise<void> {
  const writeSide = app.get(WriteSide);
  const { exists } = await writeSide.load(streams.staff(DEV_ADMIN_ID), staffDecider);
  if (exists) return;
  const system = { staffId: 'system', roles: ['AUDIT_TEAM' as const], teamId: null };
  const decision = writeSide.decision(system);
  await writeSide
    .execute(
    streams.staff(DEV_ADMIN_ID),
    staffDecider,
    {
      type: 'RegisterStaff',
      ...decision,
      data: { id: DEV_ADMIN_ID, name: 'Audit team administrator', email: 'admin@practice-audit.invalid', teamId: null, roles: ['AUDIT_TEAM'] },
      team: null,
    },
    writeSide.context(system, 'AUDIT_TEAM'),
    )
    // Another process starting on the same store may have registered it a moment ago.
    .catch((error) => {
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    });
}
