import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { allocate, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';

const DISCUSSION = `query($id: ID!) { audit(id: $id) { collaborativeDiscussionOn collaborativeDiscussionWithIds } }`;

/**
 * AUD-1 on the pages, on 7 December 2026: the auditor records the collaborative discussion from the
 * audit's overview (refused in the future or with nobody ticked, what was typed kept); anyone else is
 * refused the form and a hand-made post; nothing is appended by a refusal.
 */
describe('the collaborative discussion page', () => {
  let t: TestApp;
  let a: Authority;
  let auditId: string;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-6001' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('the auditor records it from the overview, refused first without who took part and in the future, keeping what was typed', async () => {
    const aud = webVisitor(t.baseUrl);
    await aud.signIn('aud');
    const overview = await aud.get(`/audits/${auditId}`);
    expect(overview.html).toMatch(/Collaborative discussion[\s\S]*Not recorded yet: it is needed before the audit is submitted/);
    expect(overview.html).toContain(`href="/audits/${auditId}/discussion"`);

    const form = await aud.get(`/audits/${auditId}/discussion`);
    expect(form.status).toBe(200);
    const before = await t.eventCount();
    const nobody = await aud.post(`/audits/${auditId}/discussion`, { ...aud.tokens(form.html), 'discussedOn-day': '4', 'discussedOn-month': '12', 'discussedOn-year': '2026' });
    expect(nobody.status).toBe(400);
    expect(nobody.html).toContain('href="#withIds">Select who took part in the discussion');
    expect(nobody.html).toContain('value="4"');

    const future = await aud.post(`/audits/${auditId}/discussion`, { ...aud.tokens(form.html), 'discussedOn-day': '9', 'discussedOn-month': '12', 'discussedOn-year': '2026', withIds: 'prac' });
    expect(future.status).toBe(400);
    expect(future.html).toMatch(/href="#discussedOn-day">The day of the discussion must not be in the future/);
    expect(future.html).toMatch(/value="prac" checked/);
    expect(await t.eventCount()).toBe(before);

    const body = new URLSearchParams({ ...aud.tokens(form.html), 'discussedOn-day': '4', 'discussedOn-month': '12', 'discussedOn-year': '2026' });
    body.append('withIds', 'prac');
    body.append('withIds', 'tm');
    const recorded = await fetch(`${t.baseUrl}/audits/${auditId}/discussion`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: aud.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect([recorded.status, recorded.headers.get('location')]).toEqual([303, `/audits/${auditId}`]);
    expect((await t.ok(DISCUSSION, { id: auditId })).audit).toEqual({ collaborativeDiscussionOn: '2026-12-04', collaborativeDiscussionWithIds: ['prac', 'tm'] });
    expect((await aud.get(`/audits/${auditId}`)).html).toMatch(/Collaborative discussion[\s\S]*4 December 2026, with prac and tm/);
    expect((await aud.get(`/audits/${auditId}/discussion`)).html).toMatch(/id="discussedOn-day" name="discussedOn-day" type="text" value="4"|name="discussedOn-day"[^>]*value="4"/);
  });

  it('is refused to anyone but the auditor: the form answers 403 and a hand-made post appends nothing', async () => {
    const prac = webVisitor(t.baseUrl);
    await prac.signIn('prac');
    const shown = await prac.get(`/audits/${auditId}/discussion`);
    expect(shown.status).toBe(403);
    expect(shown.html).toContain('Only the audit&#39;s auditor can record the collaborative discussion');
    expect((await prac.get(`/audits/${auditId}`)).html).not.toContain(`href="/audits/${auditId}/discussion"`);
    const before = await t.eventCount();
    const posted = await prac.post(`/audits/${auditId}/discussion`, { ...prac.tokens((await prac.get('/my-work')).html), 'discussedOn-day': '4', 'discussedOn-month': '12', 'discussedOn-year': '2026', withIds: 'prac' });
    expect(posted.status).toBe(403);
    expect(await t.eventCount()).toBe(before);
  });
});
