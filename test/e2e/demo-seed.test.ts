import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { seedDemoAuthority } from '../../src/demo/seed.js';
import { verifyChain } from '../../src/event-store/hash-chain.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** SEED_DEMO: the demo authority goes in through the commands, so its events are real events. */
describe('demo authority', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoAuthority(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has teams across the Early Help services, staff in every role, and cycles with audits in several states', async () => {
    const data = await t.ok(`{ teams { service } staff { roles } cycles { month audits { status uoppHeld reauditRequired actions { id } } } }`);
    expect(new Set(data.teams.map((team: { service: string }) => team.service)).size).toBeGreaterThanOrEqual(7);
    const roles = new Set(data.staff.flatMap((s: { roles: string[] }) => s.roles));
    for (const role of ['AUDIT_TEAM', 'AUDITOR', 'MODERATOR', 'AUDIT_MANAGER', 'PRACTITIONER', 'TEAM_MANAGER', 'HEAD_OF_SERVICE', 'BOARD_READER', 'GOVERNANCE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR']) {
      expect(roles).toContain(role);
    }
    expect(new Set(data.cycles.map((c: { month: string }) => c.month)).size).toBeGreaterThanOrEqual(2);
    // BEF-4: every cycle's KLOEs approved through the commands before its audits were allocated.
    const { cycles } = await t.ok(`{ cycles { kloesApproved kloeMeeting { heldOn } } }`);
    expect(cycles.every((c: { kloesApproved: boolean; kloeMeeting: unknown }) => c.kloesApproved && c.kloeMeeting !== null)).toBe(true);
    const audits = data.cycles.flatMap((c: { audits: Array<{ status: string; uoppHeld: boolean; reauditRequired: boolean; actions: unknown[] }> }) => c.audits);
    const statuses = new Set(audits.map((a: { status: string }) => a.status));
    expect([...statuses].sort()).toEqual(['ALLOCATED', 'MODERATED', 'SUBMITTED']);
    expect(audits.some((a: { uoppHeld: boolean; reauditRequired: boolean }) => a.uoppHeld && a.reauditRequired)).toBe(true);
    expect(audits.some((a: { actions: unknown[] }) => a.actions.length > 0)).toBe(true);
  });

  it('is a set of real events with valid hash chains, and is not loaded twice', async () => {
    const before = await t.eventCount();
    await seedDemoAuthority(t.app);
    expect(await t.eventCount()).toBe(before);
    const events = await t.infra.store.readAll({ maxCount: 100_000 });
    for (const streamId of new Set(events.map((e) => e.streamId))) {
      expect({ streamId, ...verifyChain(await t.infra.store.readStream(streamId)) }).toMatchObject({ streamId, valid: true });
    }
  });
});
