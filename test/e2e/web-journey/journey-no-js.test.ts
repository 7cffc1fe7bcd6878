import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/app.js';
import { JOURNEY_TIMEOUT_MS, launchBrowser } from '../../support/browser.js';
import { setUpAuthority } from '../lifecycle-fixtures.js';
import { journeySteps } from './journey.js';

/**
 * The same journey as journey.test.ts with JavaScript switched off in every browser: every form is
 * a plain POST and every page is read as the server sent it (no axe: it needs JavaScript).
 */
describe('the audit programme for one case, through the pages (JavaScript off)', () => {
  const env: { t?: TestApp; browser?: Browser } = {};

  beforeAll(async () => {
    env.t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    await setUpAuthority(env.t, []);
    env.browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await env.browser?.close();
    await env.t?.close();
  });

  // One test a step, in order: each has its own timeout, and a failure names the step.
  for (const [step, run] of journeySteps(env, false)) it(step, run, JOURNEY_TIMEOUT_MS);
});
