import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { allocate, Q, setUpAuthority } from '../../../test/e2e/lifecycle-fixtures.js';

/** Saving a section and submitting over plain HTTP: what is sent, what is refused, what is kept. */
describe('saving a section and submitting', () => {
  let t: TestApp;
  let auditId: string;
  const section = () => `/audits/${auditId}/sections/S2_WHY_HELP`;

  beforeAll(async () => {
    t = await startTestApp();
    const a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12']);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('posting the same form again records nothing twice', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    const form = { ...v.tokens((await v.get(section())).html), 'answer-S2_Q1': 'YES', grade: 'GOOD', rationale: 'Evidence on file' };
    const before = await t.eventCount();
    const first = await v.post(section(), form);
    expect([first.status, first.location]).toEqual([303, `/audits/${auditId}/sections/S3_CASE_RECORD`]);
    const recorded = await t.eventCount();
    expect(recorded).toBeGreaterThan(before);
    const again = await v.post(section(), form);
    expect(again.status).toBe(303);
    expect(await t.eventCount()).toBe(recorded);
    // Shown again, the section holds what was saved.
    const shown = (await v.get(section())).html;
    expect(shown).toMatch(/name="answer-S2_Q1" type="radio" value="YES" checked/);
    expect(shown).toMatch(/name="grade" type="radio" value="GOOD" checked/);
    expect(shown).toMatch(/Evidence on file<\/textarea>/);
  });

  it('the very same POST sent again carries the same Idempotency-Key: the write path does not do it twice', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    const form = { ...v.tokens((await v.get(section())).html), 'answer-S2_Q5': 'YES' };
    expect((await v.post(section(), form)).status).toBe(303);
    // Meanwhile the answer is changed another way, so the page would send its mutation again.
    await t.ok(Q.recordAnswer, { input: { auditId, section: 'S2_WHY_HELP', question: 'S2_Q5', answer: 'NO' } }, await t.login('aud'));
    const before = await t.eventCount();
    expect((await v.post(section(), form)).status).toBe(303);
    expect(await t.eventCount()).toBe(before);
    // A new form (a new token) saying the same is a new request, and is done.
    const fresh = { ...v.tokens((await v.get(section())).html), 'answer-S2_Q5': 'YES' };
    expect(fresh._form).not.toBe(form._form);
    expect((await v.post(section(), fresh)).status).toBe(303);
    expect(await t.eventCount()).toBe(before + 1);
  });

  it('a section POST without the CSRF token is refused and records nothing', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    const before = await t.eventCount();
    const refused = await v.post(section(), { 'answer-S2_Q2': 'NO' });
    expect(refused.status).toBe(403);
    expect(await t.eventCount()).toBe(before);
  });

  it('a rationale too long is refused beside its field, in words, with what was typed kept', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    const page = await v.get(section());
    const before = await t.eventCount();
    const refused = await v.post(section(), { ...v.tokens(page.html), 'answer-S2_Q2': 'PARTIALLY', grade: 'INADEQUATE', rationale: 'x'.repeat(4001) });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/<a href="#rationale">The rationale must be at most 4000 characters<\/a>/);
    expect(refused.html).toMatch(/<p id="rationale-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> The rationale must be at most 4000 characters/);
    expect(refused.html).not.toMatch(/BAD_USER_INPUT/);
    expect(refused.html).toMatch(/name="grade" type="radio" value="INADEQUATE" checked/);
    expect(refused.html).toMatch(/name="answer-S2_Q2" type="radio" value="PARTIALLY" checked/);
    // The answer was fine and is recorded; the grade was not.
    expect(await t.eventCount()).toBe(before + 1);
    const { audit } = await t.ok(Q.audit, { id: auditId });
    expect(audit.sections.find((s: { section: string }) => s.section === 'S2_WHY_HELP').auditorGrade).toBe('GOOD');
  });

  it('submitting before every section is graded is refused at the top of check your answers, naming the sections by title', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    const check = await v.get(`/audits/${auditId}/check-answers`);
    expect(check.status).toBe(200);
    const before = await t.eventCount();
    const refused = await v.post(`/audits/${auditId}/submit`, v.tokens(check.html));
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/There is a problem/);
    expect(refused.html).toMatch(/You cannot submit yet: /);
    expect(refused.html).not.toMatch(/CONFLICT|OVERALL grade/);
    expect(await t.eventCount()).toBe(before);
  });
});
